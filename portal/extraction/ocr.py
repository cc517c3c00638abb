"""OCR through the tesseract command line (Vietnamese, orientation by OSD, word confidences) and pdftoppm rendering.

`ocr_status()` says whether OCR can run here and, when not, which component is missing; it is what `flask check`
shows and what turns "OCR is not available (missing X)" into a message distinct from "this scan is unreadable".
"""

import functools
import importlib.util
import os
import shutil
import subprocess  # nosec B404  # fixed argument lists, never a shell
import tempfile
from dataclasses import dataclass, field

OCR_LANG = "vie"
OSD_LANG = "osd"
RENDER_DPI = 300
OCR_MIN_WIDTH = 2000  # upscale small photos/scans to about A4 at 240 dpi; tesseract reads better
PAGE_TIMEOUT = 120.0

COMPONENTS = {
    "tesseract": "tesseract (gói tesseract-ocr)",
    "vie": "dữ liệu tiếng Việt vie (gói tesseract-ocr-vie)",
    "osd": "dữ liệu xoay trang osd (gói tesseract-ocr-osd)",
    "pillow": "thư viện Pillow (requirements.txt)",
    "pdftoppm": "pdftoppm (gói poppler-utils)",
}
ESSENTIAL = ("tesseract", "vie", "pillow")  # without these nothing is recognised; osd/pdftoppm only degrade it


@dataclass
class OcrStatus:
    """Whether OCR works on this server; `missing` names components (keys of COMPONENTS), essential or not."""

    available: bool
    missing: list[str] = field(default_factory=list)
    version: str | None = None
    languages: list[str] = field(default_factory=list)

    @property
    def missing_text(self) -> str:
        """The missing components in Vietnamese, essential ones first ("tesseract (gói tesseract-ocr), ...")."""
        ordered = [m for m in self.missing if m in ESSENTIAL] + [m for m in self.missing if m not in ESSENTIAL]
        return ", ".join(COMPONENTS[m] for m in ordered)

    @property
    def degraded(self) -> bool:
        """Available but without orientation correction or PDF rendering."""
        return self.available and bool(self.missing)


@functools.lru_cache(maxsize=1)
def ocr_status() -> OcrStatus:
    """Probe tesseract (binary, version, vie/osd data), Pillow and pdftoppm; cached, `.cache_clear()` after installs."""
    missing = [] if importlib.util.find_spec("PIL") else ["pillow"]
    if not shutil.which("pdftoppm"):
        missing.append("pdftoppm")
    exe = shutil.which("tesseract")
    if not exe:
        return OcrStatus(False, ["tesseract", "vie", *missing])
    version, languages = _tesseract_facts(exe)
    missing += [lang for lang in (OCR_LANG, OSD_LANG) if lang not in languages]
    return OcrStatus(not any(m in ESSENTIAL for m in missing), missing, version, languages)


def _tesseract_facts(exe: str) -> tuple[str | None, list[str]]:
    """(version, installed languages) from the tesseract binary."""
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=10)  # nosec B603
        ver = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)  # nosec B603
    except (OSError, subprocess.SubprocessError):
        return None, []
    lines = (langs.stdout + langs.stderr).splitlines()
    languages = [line.strip() for line in lines if line.strip() and " " not in line.strip()]
    first = (ver.stdout or ver.stderr).splitlines()
    return (first[0].strip() if first else None), languages


def tesseract_ready(lang: str = OCR_LANG) -> bool:
    """True when OCR can run (tesseract, its Vietnamese data and Pillow)."""
    return ocr_status().available


tesseract_ready.cache_clear = ocr_status.cache_clear  # older callers clear the probe after installing


def _env() -> dict:
    """Tesseract environment: one thread, so the memory limit and the CPU count stay predictable."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def prepare(image):
    """Greyscale, flatten transparency and upscale small images for OCR."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image)
    image = image.convert("L")
    if image.width < OCR_MIN_WIDTH:
        factor = min(3.0, OCR_MIN_WIDTH / max(image.width, 1))
        image = image.resize((int(image.width * factor), int(image.height * factor)), Image.LANCZOS)
    return image


def ocr_image(image, timeout: float = PAGE_TIMEOUT, lang: str = OCR_LANG) -> tuple[str, float | None]:
    """(text, mean word confidence 0-100) of a PIL image; raises OSError/SubprocessError on failure."""
    with tempfile.TemporaryDirectory(prefix="portal-ocr-") as tmp:
        src = os.path.join(tmp, "page.png")
        prepare(image).save(src)
        return ocr_file(src, timeout, lang)


def ocr_file(
    src: str, timeout: float = PAGE_TIMEOUT, lang: str = OCR_LANG, dpi: int | None = None
) -> tuple[str, float | None]:
    """OCR an image file: page segmentation with orientation detection (psm 1) when osd is installed, TSV out.

    Pass `dpi` for images that do not record it (PGM): tesseract's own estimate can be far off ("518") and then it
    finds an "empty page" on a perfectly good scan.
    """
    exe = shutil.which("tesseract") or "tesseract"
    psm = "1" if OSD_LANG in ocr_status().languages else "3"
    resolution = ["--dpi", str(dpi)] if dpi else []
    out = subprocess.run(
        [exe, src, "stdout", "-l", lang, "--psm", psm, *resolution, "tsv"],
        capture_output=True,  # nosec B603  # fixed argv
        timeout=max(timeout, 1),
        env=_env(),
        check=True,
    )
    return parse_tsv(out.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> tuple[str, float | None]:
    """Text (a line per OCR line, a blank line between blocks) and mean word confidence from tesseract TSV."""
    lines: dict[tuple, list[str]] = {}
    confidences = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        lines.setdefault((int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4])), []).append(cols[11].strip())
        if conf >= 0:
            confidences.append(conf)
    out, previous_block = [], None
    for key in sorted(lines):
        if previous_block is not None and key[:2] != previous_block:
            out.append("")
        out.append(" ".join(lines[key]))
        previous_block = key[:2]
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return "\n".join(out), mean


def render_pdf_page(
    path: str, number: int, folder: str, timeout: float = PAGE_TIMEOUT, dpi: int = RENDER_DPI
) -> str | None:
    """Render one PDF page (1-based) greyscale into folder with pdftoppm; the image's path, or None without it."""
    exe = shutil.which("pdftoppm")
    if not exe:
        return None
    root = os.path.join(folder, f"page-{number}")
    # PGM, not PNG: compressing a 300 dpi page cost 1.0 s of CPU, writing it raw 0.08 s (tesseract reads both)
    argv = [exe, "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray", "-singlefile"]
    subprocess.run([*argv, path, root], capture_output=True, timeout=max(timeout, 1), check=True)  # nosec B603
    return root + ".pgm"
