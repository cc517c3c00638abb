"""Install the system packages the portal and its tests need (Chromium, Tesseract with Vietnamese, LibreOffice, PostgreSQL).

As root on Debian the missing ones are installed with apt-get. Elsewhere nothing is installed and the tests that need
them skip with a printed reason, except under CI=true, where they must run: then a missing package is an error here.
"""

import os
import shutil
import subprocess
import sys

PACKAGES = {
    "chromium": ("chromium", lambda: shutil.which("chromium") is not None),
    "tesseract": (
        "tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils",
        lambda: _tesseract_has_vie() and shutil.which("pdftoppm") is not None,
    ),
    # headless LibreOffice (no X11/GTK): converts .doc/.rtf/.odt (Writer) and .xls/.ods (Calc) to DOCX/XLSX
    "libreoffice": (
        "libreoffice-writer-nogui libreoffice-calc-nogui",
        lambda: _soffice() is not None,
    ),
    "postgresql": ("postgresql", lambda: _pg_bin() is not None),
    "fonts": ("fonts-dejavu-core", lambda: os.path.exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
}


def _tesseract_has_vie():
    if not shutil.which("tesseract"):
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "vie" in (out.stdout + out.stderr).split()


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _pg_bin():
    for version in ("17", "16", "15", "14", "13"):
        path = f"/usr/lib/postgresql/{version}/bin/initdb"
        if os.path.exists(path):
            return os.path.dirname(path)
    return shutil.which("initdb") and os.path.dirname(shutil.which("initdb"))


def main():
    missing = [name for name, (_, present) in PACKAGES.items() if not present()]
    if not missing:
        return 0
    can_install = os.name == "posix" and os.geteuid() == 0 and os.path.exists("/etc/debian_version")
    if not can_install:
        print(
            "Thiếu gói hệ thống: "
            + ", ".join(missing)
            + " — các kiểm thử cần chúng sẽ bỏ qua (không phải root trên Debian)."
        )
        return 1 if os.environ.get("CI") == "true" else 0
    apt = " ".join(PACKAGES[name][0] for name in missing)
    print(f"Cài đặt gói hệ thống cho kiểm thử: {apt}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env, stdout=subprocess.DEVNULL)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *apt.split()], env=env, check=False
    )
    return result.returncode if os.environ.get("CI") == "true" else 0


if __name__ == "__main__":
    sys.exit(main())
