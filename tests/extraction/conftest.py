"""Fixtures for the extraction tests: a folder of generated sample files and an OCR gate."""

import os

import _make_files as make
import pytest
from _system import ensure_tesseract


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """Directory with the generated sample files (built once per session)."""
    root = tmp_path_factory.mktemp("samples")
    make.text_pdf(root / "vn.pdf", [make.QUOC_HIEU + "\n" + make.TIEU_NGU + "\n" + make.BODY, "Trang hai: Đảng ủy"])
    make.docx_file(root / "vn.docx")
    return root


@pytest.fixture(scope="session")
def tesseract():
    """Tesseract with Vietnamese, installed if possible; skip (fail under CI=true) when missing."""
    ready, reason = ensure_tesseract()
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail(f"OCR test needs Tesseract under CI: {reason}")
        print(f"skipping OCR test: {reason}")
        pytest.skip(reason)
    return True
