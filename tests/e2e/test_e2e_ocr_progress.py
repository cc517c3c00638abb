"""Issue 13 in real Chromium: a scan uploads at once; its page shows the OCR progress, polls it (no inline script)
and shows the recognised text by itself when the background job is done."""

import os
import re
import sys

import pytest
from playwright.sync_api import expect

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "services", "documents"))
from _scans import page_phrase, scan_pdf  # noqa: E402

from portal.extraction import ocr_status  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not ocr_status().available, reason="needs tesseract")]

SECRETARIAT = "giupviec.ha"


def test_scan_page_shows_ocr_progress_then_its_text(page, signed_in, tmp_path):
    source = scan_pdf(tmp_path / "bien-ban-quet-e2e.pdf", tmp_path, pages=2)
    signed_in(SECRETARIAT)
    page.goto("/documents/upload")
    accept = page.locator("#form-tai-len input[type=file]").get_attribute("accept")
    assert all(s in accept for s in (".doc", ".xlsx", ".jpg", ".tif"))
    page.locator("#form-tai-len input[type=file]").set_input_files(source)
    page.get_by_role("button", name="Tải lên và đọc thông tin").click()
    page.wait_for_url(re.compile(r"/documents/\d+/edit"), timeout=20000)
    page.get_by_label("Trích yếu / tiêu đề").fill("Biên bản quét thử nhận dạng chữ")
    page.get_by_role("button", name="Lưu thông tin").click()
    page.wait_for_url(re.compile(r"/documents/\d+$"))

    status = page.locator("#trang-thai-doc-chu")
    expect(status).to_contain_text("nhận dạng chữ (OCR)")
    # The in-process runner recognises both pages; the page polls its JSON state and reloads itself when done.
    expect(status).to_have_count(0, timeout=240000)
    expect(page.locator("main")).to_contain_text(page_phrase(2).split(" về ")[1], timeout=10000)
    expect(page.locator("main")).to_contain_text("Nhận dạng chữ (OCR)")
