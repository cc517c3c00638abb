"""System tools the extraction tests need: Tesseract with Vietnamese, installed on demand as root on Debian."""

import os
import shutil
import subprocess

PACKAGES = ["tesseract-ocr", "tesseract-ocr-vie"]


def tesseract_status() -> tuple[bool, str]:
    """(ready, reason): the tesseract binary exists and lists the "vie" language."""
    exe = shutil.which("tesseract")
    if not exe:
        return False, "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    if "vie" not in (out.stdout + out.stderr).split():
        return False, "tesseract has no Vietnamese data (apt-get install tesseract-ocr-vie)"
    return True, "tesseract with vie is installed"


def _can_install() -> bool:
    """Root on Debian: apt-get can install the packages."""
    return os.geteuid() == 0 and os.path.exists("/etc/debian_version") and bool(shutil.which("apt-get"))


def ensure_tesseract() -> tuple[bool, str]:
    """Make tesseract + vie available if possible; return (ready, reason)."""
    ready, reason = tesseract_status()
    if ready or not _can_install():
        return ready, reason
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]
    done = subprocess.run(install, capture_output=True, env=env, timeout=900)
    if done.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True, env=env, timeout=900)
        subprocess.run(install, capture_output=True, env=env, timeout=900)
    from portal.extraction import ocr

    ocr.tesseract_ready.cache_clear()
    return tesseract_status()
