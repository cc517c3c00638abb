"""Fixtures for the extraction tests: a folder of generated sample files and gates for OCR and LibreOffice."""

import os

import _make_files as make
import pytest
from _system import ensure_libreoffice, ensure_tesseract


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """Directory with the generated sample files (built once per session)."""
    root = tmp_path_factory.mktemp("samples")
    make.text_pdf(root / "vn.pdf", [make.QUOC_HIEU + "\n" + make.TIEU_NGU + "\n" + make.BODY, "Trang hai: Đảng ủy"])
    make.docx_file(root / "vn.docx")
    return root


def _require(ready: bool, reason: str, what: str):
    """Skip with a printed reason, but fail under CI=true, where the system packages must be present."""
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} test needs the system package under CI: {reason}")
        print(f"skipping {what} test: {reason}")
        pytest.skip(reason)
    return True


@pytest.fixture(scope="session")
def tesseract():
    """Tesseract with Vietnamese, installed if possible; skip (fail under CI=true) when missing."""
    return _require(*ensure_tesseract(), "OCR")


@pytest.fixture(scope="session")
def libreoffice():
    """LibreOffice headless, installed if possible; skip (fail under CI=true) when missing."""
    return _require(*ensure_libreoffice(), "LibreOffice")


@pytest.fixture(scope="session")
def office_files(libreoffice, tmp_path_factory):
    """A DOCX and an XLSX written by the tests, and their .doc/.rtf/.odt and .xls/.ods conversions by LibreOffice."""
    root = tmp_path_factory.mktemp("office")
    docx_path = make.full_docx(root / "bien_ban.docx")
    xlsx_path = make.xlsx_file(root / "so_lieu.xlsx")
    files = {"docx": docx_path, "xlsx": xlsx_path}
    for target in ("doc", "rtf", "odt"):
        files[target] = make.soffice_convert([docx_path], target, root)[0]
    for target in ("xls", "ods"):
        files[target] = make.soffice_convert([xlsx_path], target, root)[0]
    return files
