"""The generator's own vocabulary, written independently of the parser's tables.

Nothing here is imported from `bot.understanding`: the corpus tests whether the
parser generalises to phrasings it was not built from, so its words are this
module's own lists (amount spellings, units, categories, providers, titles,
places, learners, date forms).
"""

from __future__ import annotations

from decimal import Decimal

D = Decimal

# (as written, value)
NUMBER_FORMS: list[tuple[str, Decimal]] = [
    (".5", D("0.5")),
    (".75", D("0.75")),
    (".25", D("0.25")),
    ("0.5", D("0.5")),
    ("1.0", D("1")),
    ("1", D("1")),
    ("1.25", D("1.25")),
    ("1.5", D("1.5")),
    ("2", D("2")),
    ("2.75", D("2.75")),
    ("3", D("3")),
    ("3.5", D("3.5")),
    ("4", D("4")),
    ("6.25", D("6.25")),
    ("8", D("8")),
    ("9.75", D("9.75")),
    ("12", D("12")),
    ("14", D("14")),
    ("one", D("1")),
    ("two", D("2")),
    ("three", D("3")),
    ("one and a half", D("1.5")),
    ("two and a half", D("2.5")),
    ("three and a half", D("3.5")),
    ("1½", D("1.5")),
    ("2½", D("2.5")),
]
# Units a physician types after an amount of credit (hour-like units count 1:1).
UNIT_FORMS: list[str] = [
    "cr",
    "cred",
    "creds",
    "credits",
    "credit hours",
    "CME credits",
    "hrs",
    "hours",
    "h",
    "pts",
    "points",
    "AMA PRA Category 1 Credit(s)™",
    "AMA PRA Category 1 Credits",
]
MINUTE_FORMS: list[tuple[str, Decimal]] = [
    ("90 min", D("1.5")),
    ("45 minutes", D("0.75")),
    ("30 mins", D("0.5")),
    ("60 min", D("1")),
    ("120 minutes", D("2")),
]
CATEGORY1_FORMS: list[str] = ["cat 1", "Cat. I", "category 1", "Cat 1", "cat1", "CAT I", "AMA cat 1"]
CATEGORY2_FORMS: list[str] = ["cat 2", "Cat. II", "category 2", "cat2"]

# Subject content (patient safety) as members write it.
PS_FORMS: list[str] = [
    "PS",
    "pt safety",
    "patient-safety",
    "patient safety",
    "Pt. Safety",
    "risk mgmt",
    "risk management",
]
PS_WHOLE_FORMS: list[str] = [
    "the journal says it counts as patient safety",
    "all of it counts as patient safety",
    "it's all patient safety",
    "all PS",
    "the whole thing counts as PS",
    "it counts toward patient safety",
]
OTHER_PART_FORMS: list[str] = ["ethics", "opioid prescribing", "pain management"]

# Providers by brand or abbreviation, and the name a record should carry.
PROVIDER_FORMS: list[tuple[str, str]] = [
    ("Medscape", "Medscape"),
    ("UpToDate", "UpToDate"),
    ("the ASPS Education Network", "ASPS Education Network"),
    ("Pri-Med", "Pri-Med"),
    ("NEJM Knowledge+", "NEJM Knowledge+"),
    ("the AMA Ed Hub", "AMA Ed Hub"),
    ("JAMA Network", "JAMA Network"),
    ("BoardVitals", "BoardVitals"),
    ("Oakstone", "Oakstone"),
    ("Audio-Digest", "Audio-Digest Foundation"),
    ("ISAPS", "ISAPS"),
    ("ASAPS", "ASAPS"),
    ("The Aesthetic Society", "The Aesthetic Society"),
    ("AAPS", "AAPS"),
    ("ASSH", "ASSH"),
    ("ASRM", "ASRM"),
    ("ASMS", "ASMS"),
    ("ACS", "ACS"),
    ("PSF", "PSF"),
    ("ASPS", "ASPS"),
]
PROVIDER_LEADS: list[str] = ["via {p}", "on {p}", "from {p}", "through {p}", "{p}", "by {p}"]

# Activities as a member names them in chat: (what they type, the title a careful assistant writes).
CHAT_ACTIVITIES: list[tuple[str, str]] = [
    ("grand rounds on flap salvage", "Grand rounds on flap salvage"),
    ("tumor board", "Tumor board"),
    ("the M&M conf", "M&M conference"),
    ("breast recon webinar", "Breast recon webinar"),
    ("hand surgery module", "Hand surgery module"),
    ("cadaver lab", "Cadaver lab"),
    ("rhinoplasty course", "Rhinoplasty course"),
    ("journal club", "Journal club"),
    ("microsurgery workshop", "Microsurgery workshop"),
    ("sim lab", "Sim lab"),
    ("lymphedema lecture", "Lymphedema lecture"),
    ("wound care webinar", "Wound care webinar"),
]
# Title-Case activity names a member quotes or writes out.
NAMED_TITLES: list[str] = [
    "Advances in Breast Reconstruction",
    "Facial Nerve Reanimation Update",
    "Contemporary Rhinoplasty Techniques",
    "Lower Extremity Salvage Symposium",
    "Hand Trauma Essentials",
    "Aesthetic Breast Surgery Masterclass",
    "Pediatric Craniofacial Review",
    "Microsurgical Free Flap Pearls",
    "Gender Affirming Surgery Outcomes",
    "Body Contouring After Weight Loss",
    "Opioid Stewardship in Plastic Surgery",
    "Managing Complications in Abdominoplasty",
]
VENUES: list[str] = [
    "@ the surgery center",
    "at the university hospital",
    "@ St. Mary's",
    "at the sim center",
]
LOG_LEADS: list[str] = ["log", "Logged for the", "pls log", "add", "record", "", "Finished", "Attended"]

# Dates: (how written, start ISO, end ISO), for a reference day of Monday 2025-04-07.
PAST_DATE_FORMS: list[tuple[str, str, str]] = [
    ("yesterday", "2025-04-06", "2025-04-06"),
    ("thurs", "2025-04-03", "2025-04-03"),
    ("last thurs", "2025-04-03", "2025-04-03"),
    ("Sun", "2025-04-06", "2025-04-06"),
    ("on sun", "2025-04-06", "2025-04-06"),
    ("last Friday", "2025-04-04", "2025-04-04"),
    ("on Tues", "2025-04-01", "2025-04-01"),
    ("4/2–4/3/25", "2025-04-02", "2025-04-03"),
    ("4/2-4/3/2025", "2025-04-02", "2025-04-03"),
    ("8–10 Feb 2025", "2025-02-08", "2025-02-10"),
    ("Feb 8-10, 2025", "2025-02-08", "2025-02-10"),
    ("March 3rd", "2025-03-03", "2025-03-03"),
    ("3/14/25", "2025-03-14", "2025-03-14"),
    ("2025-03-20", "2025-03-20", "2025-03-20"),
    ("Jan 30", "2025-01-30", "2025-01-30"),
    ("Dec 5 2024", "2024-12-05", "2024-12-05"),
    ("March 27-28", "2025-03-27", "2025-03-28"),
    ("on the 2nd", "2025-04-02", "2025-04-02"),
    ("3 days ago", "2025-04-04", "2025-04-04"),
    ("3/27-28", "2025-03-27", "2025-03-28"),
    ("Thurs 3/27", "2025-03-27", "2025-03-27"),
    ("from 3/27 to 3/28", "2025-03-27", "2025-03-28"),
]
FUTURE_DATE_FORMS: list[tuple[str, str]] = [
    ("this coming weekend (Apr 26–27)", "2025-04-27"),
    ("next Friday", "2025-04-11"),
    ("next weekend, Apr 19-20", "2025-04-20"),
    ("on Apr 24", "2025-04-24"),
    ("May 2", "2025-05-02"),
    ("on 6/1/2031", "2031-06-01"),
    ("tomorrow", "2025-04-08"),
    ("this coming Sat", "2025-04-12"),
]
# Day and month both 12 or less, the day zero-padded and the month not: either order is a date.
AMBIGUOUS_DATE_FORMS: list[str] = ["12/03", "11/05", "10/04", "12/06", "3/04", "11/02"]
SESSION_PAIRS: list[tuple[str, str, str]] = [
    ("Jan 9 & Jan 23", "2025-01-09", "2025-01-23"),
    ("Feb 4 and Feb 18", "2025-02-04", "2025-02-18"),
    ("3/5 and 3/19", "2025-03-05", "2025-03-19"),
    ("March 6 & 20", "2025-03-06", "2025-03-20"),
]
SESSION_WORDS: list[str] = ["2 sessions of the", "two sessions of", "both sessions of the", "the"]

# Certificates ---------------------------------------------------------------------------
LEARNERS: list[str] = [
    "Maria Chen",
    "Jonathan P. Reyes, MD",
    "Priya Natarajan",
    "Dr. Samuel Okafor",
    "Elena Petrova, MD, FACS",
    "Thomas Wright",
    "Aiko Tanaka, DO",
    "Lucas Ferreira",
]
LEARNER_LEADS: list[str] = [
    "This is to certify that\n{l}\n",
    "{org} certifies that\n{l}\n",
    "Participant: {l}\n",
    "Awarded to\n{l}\n",
    "Presented to: {l}\n",
    "This certifies that {l}\n",
]
CERT_TITLES: list[str] = [
    "Contemporary Management of Capsular Contracture",
    "Fat Grafting: Science and Practice",
    "Advanced Rhinoplasty Dissection Course",
    "Microsurgery Symposium 2024",
    "Breast Reconstruction After Mastectomy",
    "Hand and Wrist Trauma Update",
    "Safety in Office-Based Surgery",
    "Cleft and Craniofacial Care Review",
]
TITLE_LAYOUTS: list[str] = [
    "participated in the enduring activity titled {t} (Activity ID {id})\n",
    "Session/Topic: {t}\n",
    "Topic: {t}\n",
    "has participated in the live activity\n{t}\n",
    "for completing {t}\n",
    "Activity: {t}\n",
    "attended the {t}\n",
    "completed the activity entitled \u201c{t}\u201d\n",
    "In recognition of completing the online course\n{t}\nCourse ID: {id}\n",
    "for participation in the live activity:\n{t}\n",
]
# (full name, abbreviation or None)
CERT_PROVIDERS: list[tuple[str, str | None]] = [
    ("American Academy of Orthopaedic Surgeons", "AAOS"),
    ("Harbor Medical Education Institute", None),
    ("Lakeside Center for Surgical Learning", "LCSL"),
    ("Northern Plains Plastic Surgery Society", "NPPSS"),
    ("Meridian Continuing Education Foundation", None),
    ("Coastal Academy of Reconstructive Surgery", "CARS"),
    ("Summit University School of Medicine", None),
]
LETTERHEADS: list[str] = ["[logo]", "<image>", "CME Office", "Office of Continuing Medical Education", ""]
INTERNATIONAL_PLACES: list[tuple[str, str, str | None, str]] = [
    # (as printed, city, state, country)
    ("Vienna, Austria", "Vienna", None, "AT"),
    ("Melbourne VIC, Australia", "Melbourne", "VIC", "AU"),
    ("Zurich CH", "Zurich", None, "CH"),
    ("Paris, France", "Paris", None, "FR"),
    ("Munich, Germany", "Munich", None, "DE"),
    ("London, United Kingdom", "London", None, "GB"),
]
US_PLACES: list[tuple[str, str, str, str]] = [
    ("Boston, Massachusetts", "Boston", "MA", "US"),
    ("Dallas, TX", "Dallas", "TX", "US"),
    ("Chicago, Illinois", "Chicago", "IL", "US"),
    ("Denver, CO", "Denver", "CO", "US"),
]
PS_CERT_LINES: list[str] = [
    "Patient Safety hours claimed \u2026\u2026 {n}",
    "of which {n} hours address patient safety",
    "Patient Safety credits: {n}",
    "This activity includes {n} hours of patient safety content.",
    "Risk management hours: {n}",
    "Patient Safety: {n}",
    "{n} of the 40 credits have been identified as Patient Safety Credits.",
    "Of the 40 credits, {n} credits have been identified as being applicable to Patient Safety.",
    "Patient safety content hours claimed ........ {n}",
]
PHISHING_BODIES: list[str] = [
    "Your certificate for \u201c{t}\u201d ({c} AMA PRA Category 1 Credits) is being held.\n"
    "To release your certificate, a processing fee of $49 must be paid.\nClick here to release: http://bit.ly/{id}",
    "CERTIFICATE HOLD NOTICE\nYour AMA PRA Category 1 Credit certificate for {t} is on hold.\n"
    "Please confirm your medical license number within 48 hours or your credits will be forfeited.",
    "Your {c} AMA PRA Category 1 Credits for {t} are pending.\n"
    "Verify your licence number and pay the release fee at http://tinyurl.com/{id} "
    "to receive your certificate.",
]

# Chat names with shorthand, and the title written out.
SHORTHAND_ACTIVITIES: list[tuple[str, str]] = [
    ("the M&M conf", "M&M conference"),
    ("sim lab", "Simulation lab"),
    ("breast recon mtg", "Breast reconstruction meeting"),
    ("recert course", "Recertification course"),
    ("PRS CME article", "Plastic and Reconstructive Surgery CME article"),
    ("hand conf", "Hand conference"),
    ("airway sim", "Airway simulation"),
    ("departmental mtg on flap monitoring", "Departmental meeting on flap monitoring"),
]
BARE_AMOUNTS: list[tuple[str, Decimal]] = [
    ("1.0", D(1)),
    (".5", D("0.5")),
    ("0.75", D("0.75")),
    ("2.5", D("2.5")),
]
NARRATIVE_LINKS: list[str] = [" and then ", ", then ", ". Also ", " and also ", "; "]

# An enduring material's dates: release, review and expiry are never the activity's; the
# completion or credit-claimed date is (2025-03-18 in every block).
ENDURING_DATE_BLOCKS: list[str] = [
    "Release date: 01/01/2024   Review date: 12/15/2024   Expiration date: 01/01/2027\n"
    "Date completed: 03/18/2025",
    "Date of Original Release: January 15, 2024\nLast Review: December 1, 2024\n"
    "Termination Date: January 14, 2027\nDate Credit Claimed: 03/18/2025",
    "Valid from 01/15/2024 through 01/14/2027\nReviewed 12/01/2024\nCompleted on 03/18/2025",
    "Credit claimed on March 18, 2025\n"
    "This enduring material was released on June 1, 2024 and expires June 1, 2026.",
    "Activity release: 2024-02-01 | Credit expires: 2026-02-01\nPost-test passed: 2025-03-18",
]

# Places as members type them: (as written, city, state or None, country).
MESSAGE_PLACES: list[tuple[str, str, str | None, str]] = [
    ("in Zurich, Switzerland", "Zurich", None, "CH"),
    ("Vienna Austria", "Vienna", None, "AT"),
    ("in Toronto ON", "Toronto", "ON", "CA"),
    ("in Melbourne VIC, Australia", "Melbourne", "VIC", "AU"),
    ("in Dallas, TX", "Dallas", "TX", "US"),
    ("Boston MA", "Boston", "MA", "US"),
    ("in Paris, France", "Paris", None, "FR"),
    ("in Vancouver, British Columbia", "Vancouver", "BC", "CA"),
    ("in Chicago, Illinois", "Chicago", "IL", "US"),
    ("London, UK", "London", None, "GB"),
]

# Title-Case names with shorthand in them, and the name written out.
SHORTHAND_TITLES: list[tuple[str, str]] = [
    ("Breast Recon Symposium", "Breast Reconstruction Symposium"),
    ("Annual Hand Conf", "Annual Hand Conference"),
    ("Craniofacial Sim Workshop", "Craniofacial Simulation Workshop"),
    ("Wound Care Mgmt Update", "Wound Care Management Update"),
]
