"""Plain-text renderings of entries and standings, shared by every door."""

from __future__ import annotations

from decimal import Decimal

from bot import messages as say
from bot.domain import (
    FLAG_AUTO_UPLOADED,
    FLAG_DUPLICATE,
    Activity,
    Category,
    RecordedActivity,
    format_credits,
)
from bot.requirements import Metric, Standing, Summary
from bot.understanding import entry_topics_reading as entry_topics


def date_span(activity: Activity) -> str:
    if activity.start_date == activity.end_date:
        return activity.start_date.isoformat()
    return f"{activity.start_date.isoformat()} – {activity.end_date.isoformat()}"


def activity_line(activity: Activity) -> str:
    """One line a physician can check at a glance against the certificate."""
    parts = [
        f"“{activity.title}”",
        activity.provider
        or ("no provider (Category 2)" if activity.category is Category.TWO else "provider not given"),
        date_span(activity),
        f"{format_credits(activity.credits)} Cat {activity.category.value}",
    ]
    if activity.plastic_surgery_credits:
        parts.append(f"{format_credits(activity.plastic_surgery_credits)} plastic surgery")
    if activity.patient_safety_credits:
        parts.append(f"{format_credits(activity.patient_safety_credits)} patient safety")
    place = ", ".join(p for p in (activity.city, activity.state, activity.country) if p)
    if place:
        parts.append(place)
    if activity.topics:
        parts.append(say.TOPICS_PART.format(topics=topic_names(activity.topics)))
    return " · ".join(parts)


def topic_names(codes: frozenset[str]) -> str:
    """The topics' labels, in the one order every reply lists them in."""
    return ", ".join(entry_topics.labels(codes))


def activity_details(activity: Activity) -> list[str]:
    """Every form field, labelled like the portal's submission form."""
    return [
        f"Title of Activity: {activity.title}",
        f"Type of Activity: {activity.activity_type.label}",
        f"CME Category: {activity.category.label}",
        f"Accredited Provider: {activity.provider or 'N/A'}",
        f"Start Date: {activity.start_date.isoformat()}",
        f"End Date: {activity.end_date.isoformat()}",
        f"CME Credits: {format_credits(activity.credits)}",
        f"Patient Safety Credits: {format_credits(activity.patient_safety_credits)}",
        f"Plastic Surgery Credits: {format_credits(activity.plastic_surgery_credits)}",
        f"City: {activity.city or '—'}",
        f"State: {activity.state or '—'}",
        f"Country: {activity.country or '—'}",
    ]


def entry_line(entry: RecordedActivity) -> str:
    marks = []
    if FLAG_DUPLICATE in entry.flags:
        marks.append("duplicate")
    if FLAG_AUTO_UPLOADED in entry.flags:
        marks.append("auto-uploaded by ASPS")
    suffix = f" [{', '.join(marks)}]" if marks else ""
    return f"#{entry.number} {activity_line(entry.activity)}{suffix}"


def standing_line(standing: Standing, was: Decimal | None = None) -> str:
    """One requirement; "12.5 → 13.5 of 20" when the reply's change moved it from `was`."""
    mark = "✓" if standing.met else "✗"
    rest = "" if standing.met else f" — {format_credits(standing.remaining)} to go"
    template = say.SUMMARY_LINE if was is None else say.SUMMARY_LINE_MOVED
    return template.format(
        mark=mark,
        label=standing.metric.label,
        before=format_credits(was if was is not None else standing.earned),
        earned=format_credits(standing.earned),
        required=format_credits(standing.required),
        rest=rest,
    )


def summary_text(summary: Summary) -> str:
    """The standing; lines that the reply's own change moved are marked (`Summary.moved`)."""
    lines = [
        say.SUMMARY_HEADER.format(
            label=summary.period.label,
            start=summary.period.start.isoformat(),
            end=summary.period.end.isoformat(),
        )
    ]
    lines.extend(standing_line(s, summary.was(s)) for s in summary.standings)
    lines.extend(summary_notes(summary))
    return "\n".join(lines)


def summary_notes(summary: Summary) -> list[str]:
    """The small print under a summary, built once for every door: Category 2, days left, all met."""
    notes = []
    if summary.totals.category2:
        notes.append(f"Category 2: {format_credits(summary.totals.category2)}")
    if summary.days_left is not None:
        notes.append(say.DAYS_LEFT.format(days=summary.days_left))
    if summary.all_met:
        notes.append(say.ALL_MET)
    return notes


def need_text(summary: Summary, metric: str) -> str:
    days = f", {summary.days_left} days left" if summary.days_left is not None else ""
    if metric in {m.value for m in Metric}:
        s = summary.standing(Metric(metric))
        if s.met:
            return say.NEED_MET.format(
                label=s.metric.label, earned=format_credits(s.earned), required=format_credits(s.required)
            )
        return say.NEED_REMAINING.format(
            remaining=format_credits(s.remaining),
            label=s.metric.label,
            earned=format_credits(s.earned),
            required=format_credits(s.required),
            days=days,
        )
    missing = [s for s in summary.standings if not s.met]
    end = summary.period.end.isoformat()
    if not missing:
        return say.NEED_ALL_NONE.format(end=end)
    lines = [say.NEED_ALL_HEADER.format(end=end)]
    lines.extend(
        f"• {format_credits(s.remaining)} {s.metric.label} ({format_credits(s.earned)} of "
        f"{format_credits(s.required)})"
        for s in missing
    )
    if summary.days_left is not None:
        lines.append(say.DAYS_LEFT.format(days=summary.days_left))
    return "\n".join(lines)


def category_word(category: Category) -> str:
    return f"Category {category.value}"


_PARTIAL = (
    ("title", "“{}”"),
    ("provider", "{}"),
    ("start_date", "{}"),
    ("credits", "{} credits"),
    ("category", "Cat {}"),
    ("plastic_surgery_credits", "{} plastic surgery"),
    ("patient_safety_credits", "{} patient safety"),
)


def partial_line(fields: dict[str, str]) -> str:
    """What a draft knows so far, in the words of `activity_line`, with a "?" for what it lacks."""
    parts = [form.format(fields[name]) for name, form in _PARTIAL if fields.get(name)]
    if fields.get("end_date") and fields.get("end_date") != fields.get("start_date"):
        parts[parts.index(fields["start_date"])] = f"{fields['start_date']} – {fields['end_date']}"
    missing = [
        label
        for name, label in (("credits", "credits"), ("start_date", "date"), ("category", "category"))
        if not fields.get(name)
    ]
    topics = entry_topics.from_field(fields.get(entry_topics.FIELD))
    if topics:
        parts.append(say.TOPICS_PART.format(topics=topic_names(topics)))
    if missing:
        parts.append("? " + ", ".join(missing))
    return " · ".join(parts) or "(nothing yet)"
