"""Issue 5 in real Chromium: a branch secretary links their branch's report to a suggested plan task in one click."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SECRETARY = "bithu.hcqt"  # Phạm Thị Lan, Chi bộ Hành chính - Quản trị
SECRETARY_NAME = "Phạm Thị Lan"
BRANCH = "Chi bộ Hành chính - Quản trị"


def _open_branch_report(page):
    """Find the branch's demo report through the documents list filtered by unit, and open it."""
    page.get_by_role("link", name="Văn bản", exact=True).first.click()
    page.get_by_role("combobox", name="Đơn vị").select_option(label=BRANCH)
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("#ds-van-ban tbody tr").filter(has_text="Báo cáo")
    expect(rows.first).to_contain_text(BRANCH)
    rows.first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    return page.url


def test_branch_secretary_links_own_report_to_suggested_task(page, signed_in):
    signed_in(SECRETARY)
    doc_url = _open_branch_report(page)
    doc_path = re.search(r"(/documents/\d+)$", doc_url).group(1)
    expect(page.locator("main")).to_contain_text(BRANCH.upper())

    suggestions = page.locator("#plan-suggestions > li")
    expect(suggestions.first).to_be_visible()
    first = suggestions.first
    code = first.get_by_role("link").first.inner_text().strip()
    assert re.fullmatch(r"II\.\d+\.\d+", code), code
    expect(first.get_by_role("combobox", name="Loại liên kết")).to_have_value("bao_cao_ket_qua")

    first.get_by_role("button", name="Gắn").click()
    page.wait_for_url(re.compile(re.escape(doc_path) + r"$"))
    expect(page.get_by_role("alert")).to_contain_text(f"Đã gắn văn bản với nhiệm vụ {code}.")
    linked = page.locator("#plan-links > li").filter(has=page.get_by_role("link", name=code, exact=True))
    expect(linked).to_have_count(1)
    expect(linked).to_contain_text("Báo cáo kết quả")
    expect(linked).to_contain_text(f"{SECRETARY_NAME} gắn lúc")
    # Once linked, the task is no longer offered as a suggestion.
    expect(page.locator("#plan-suggestions").get_by_role("link", name=code, exact=True)).to_have_count(0)

    linked.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nhiệm vụ {code}")
    task_docs = page.locator("#task-documents")
    item = task_docs.locator("li").filter(has=page.locator(f"a[href$='{doc_path}']"))
    expect(item).to_have_count(1)
    expect(item).to_contain_text(BRANCH)
    expect(item).to_contain_text(f"{SECRETARY_NAME} gắn lúc")
