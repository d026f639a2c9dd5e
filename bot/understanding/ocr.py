"""Offline OCR of certificate photos: Pillow cleanup and deskew, then Tesseract.

Phone photos are slightly rotated, which makes Tesseract interleave lines;
a projection-profile search over small angles straightens them first.
Tesseract runs single-threaded (`OMP_THREAD_LIMIT=1`): on a small machine its
default threading is several times slower, not faster.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import warnings

from PIL import Image, ImageOps

from bot.understanding.admit import MAX_PIXELS as MAX_PIXELS  # the one ceiling, for photos and pages

WORK_LONG_SIDE = 3000  # downscale huge photos before OCR; more detail does not help
MIN_LONG_SIDE = 1400  # upscale thumbnails so letters have enough pixels
COARSE_STEPS = [float(a) for a in range(-5, 6)]  # phone photos are rarely more than 5° off
FINE_OFFSETS = [-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75]
OCR_TIMEOUT_S = 60


# Words nearly every certificate has; their absence means the OCR read nonsense.
CERTIFICATE_WORDS = re.compile(
    r"\b(?:certif\w*|credits?|AMA|PRA|category|activity|accredit\w*|attend\w*|complet\w*|medical|education)\b",
    re.I,
)


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed here."""


def open_image(data: bytes) -> Image.Image:
    """Grayscale image; ValueError before decoding anything over MAX_PIXELS."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ValueError("image too large") from exc
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("image too large")
        upright: Image.Image = ImageOps.exif_transpose(image) or image
        return upright.convert("L")


def _profile_score(bw: Image.Image, angle: float) -> int:
    rotated = bw.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
    rows = rotated.resize((1, rotated.height), Image.Resampling.BOX).tobytes()
    return sum((rows[k] - rows[k - 1]) ** 2 for k in range(1, len(rows)))


def skew_angle(gray: Image.Image) -> float:
    """The rotation that makes text lines horizontal (sharpest row profile)."""
    small = gray.copy()
    small.thumbnail((800, 800))
    bw = small.point(lambda v: 255 if v < 140 else 0)
    coarse = max(COARSE_STEPS, key=lambda a: _profile_score(bw, a))
    fine = [coarse + d for d in FINE_OFFSETS]
    return max(fine, key=lambda a: _profile_score(bw, a))


def prepare(gray: Image.Image) -> Image.Image:
    long_side = max(gray.size)
    if long_side > WORK_LONG_SIDE:
        gray = gray.copy()
        gray.thumbnail((WORK_LONG_SIDE, WORK_LONG_SIDE), Image.Resampling.LANCZOS)
    elif long_side < MIN_LONG_SIDE:
        scale = MIN_LONG_SIDE / long_side
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)), Image.Resampling.LANCZOS)
    angle = skew_angle(gray)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return ImageOps.autocontrast(gray, cutoff=1)


def _tesseract(image: Image.Image, *args: str) -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable("tesseract not installed")
    with tempfile.NamedTemporaryFile(suffix=".png") as tmp:
        image.save(tmp.name)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run(
            [exe, tmp.name, "-", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=OCR_TIMEOUT_S,
            check=False,
        )
    if done.returncode != 0 and "--psm" in args and "0" not in args:
        raise OcrUnavailable(done.stderr.strip()[:200] or "tesseract failed")
    return done.stdout


def _reads_like_a_certificate(text: str) -> bool:
    return len(CERTIFICATE_WORDS.findall(text)) >= 2


def ocr_image(gray: Image.Image) -> str:
    """Text of a photo; a sideways or upside-down photo is turned upright first."""
    image = prepare(gray)
    text = _tesseract(image, "--psm", "3", "-l", "eng")
    if _reads_like_a_certificate(text):
        return text
    osd = _tesseract(image, "--psm", "0", "-l", "osd")
    m = re.search(r"Rotate:\s*(\d+)", osd)
    if not m or int(m.group(1)) % 360 == 0:
        return text
    upright = prepare(image.rotate(-int(m.group(1)), expand=True, fillcolor=255))
    turned = _tesseract(upright, "--psm", "3", "-l", "eng")
    return turned if len(CERTIFICATE_WORDS.findall(turned)) > len(CERTIFICATE_WORDS.findall(text)) else text
