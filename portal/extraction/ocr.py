"""OCR through the tesseract command line (Vietnamese), and page rendering through pdftoppm when present."""

import functools
import os
import shutil
import subprocess  # nosec B404  # fixed argument lists, never a shell
import tempfile

OCR_LANG = "vie"
OCR_DPI_WIDTH = 2000  # upscale small scans to about A4 at 240 dpi; tesseract reads better
PAGE_TIMEOUT = 60.0


@functools.lru_cache(maxsize=1)
def tesseract_ready(lang: str = OCR_LANG) -> bool:
    """True when the tesseract binary and its language data are installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=10)  # nosec B603  # fixed argv
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in (out.stdout + out.stderr).split()


def _env() -> dict:
    """Tesseract environment: one thread, so the memory limit and the CPU count stay predictable."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def prepare(image):
    """Greyscale, flatten transparency and upscale small images for OCR."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image)
    image = image.convert("L")
    if image.width < OCR_DPI_WIDTH:
        factor = min(3.0, OCR_DPI_WIDTH / max(image.width, 1))
        image = image.resize((int(image.width * factor), int(image.height * factor)), Image.LANCZOS)
    return image


def ocr_image(image, timeout: float = PAGE_TIMEOUT, lang: str = OCR_LANG) -> str:
    """Recognise the text of a PIL image with tesseract; raises OSError/SubprocessError on failure."""
    with tempfile.TemporaryDirectory(prefix="portal-ocr-") as tmp:
        src = os.path.join(tmp, "page.png")
        prepare(image).save(src)
        exe = shutil.which("tesseract") or "tesseract"
        out = subprocess.run(
            [exe, src, "stdout", "-l", lang, "--psm", "3"],
            capture_output=True,  # nosec B603  # fixed argv
            timeout=max(timeout, 1),
            env=_env(),
            check=True,
        )
    return out.stdout.decode("utf-8", "replace")


def render_pdf_page(path: str, number: int, timeout: float = PAGE_TIMEOUT):
    """Render one PDF page (1-based) to a greyscale PIL image with pdftoppm, or None if it is not installed."""
    exe = shutil.which("pdftoppm")
    if not exe:
        return None
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="portal-render-") as tmp:
        root = os.path.join(tmp, "page")
        subprocess.run(
            [
                exe,
                "-f",
                str(number),
                "-l",
                str(number),
                "-r",
                "300",
                "-gray",
                "-png",
                "-singlefile",  # nosec B603
                path,
                root,
            ],
            capture_output=True,
            timeout=max(timeout, 1),
            check=True,
        )
        with Image.open(root + ".png") as image:
            image.load()
            return image.copy()
