"""System tools the extraction tests need, installed on demand as root on Debian: Tesseract with Vietnamese and
LibreOffice (headless)."""

import os
import shutil
import subprocess

PACKAGES = ["tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-osd", "poppler-utils"]
LIBREOFFICE = ["libreoffice-writer-nogui", "libreoffice-calc-nogui"]


def tesseract_status() -> tuple[bool, str]:
    """(ready, reason): the tesseract binary exists and lists the "vie" language."""
    exe = shutil.which("tesseract")
    if not exe:
        return False, "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    if "vie" not in (out.stdout + out.stderr).split():
        return False, "tesseract has no Vietnamese data (apt-get install tesseract-ocr-vie)"
    return True, "tesseract with vie is installed"


def libreoffice_status() -> tuple[bool, str]:
    """(ready, reason): soffice is on the PATH."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return True, "LibreOffice is installed"
    return False, "LibreOffice is not installed (apt-get install " + " ".join(LIBREOFFICE) + ")"


def _can_install() -> bool:
    """Root on Debian: apt-get can install the packages."""
    return os.geteuid() == 0 and os.path.exists("/etc/debian_version") and bool(shutil.which("apt-get"))


def _apt_install(packages: list[str]) -> None:
    """apt-get install, with an update and a retry when the package lists are stale."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    done = subprocess.run(install, capture_output=True, env=env, timeout=900)
    if done.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True, env=env, timeout=900)
        subprocess.run(install, capture_output=True, env=env, timeout=900)


def ensure_tesseract() -> tuple[bool, str]:
    """Make tesseract + vie available if possible; return (ready, reason)."""
    ready, reason = tesseract_status()
    if ready or not _can_install():
        return ready, reason
    _apt_install(PACKAGES)
    from portal.extraction import ocr

    ocr.ocr_status.cache_clear()
    return tesseract_status()


def ensure_libreoffice() -> tuple[bool, str]:
    """Make LibreOffice headless available if possible; return (ready, reason)."""
    ready, reason = libreoffice_status()
    if ready or not _can_install():
        return ready, reason
    _apt_install(LIBREOFFICE)
    from portal.extraction import convert

    convert.converter_status.cache_clear()
    return libreoffice_status()
