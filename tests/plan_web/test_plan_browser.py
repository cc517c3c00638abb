"""In real Chromium on the demo portal: a branch secretary links their report to a suggested task with one click."""
import importlib.util
import os
import re

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("plan_e2e_fixtures", os.path.join(ROOT, "tests", "e2e", "conftest.py"))
_e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_e2e)
live_server, browser, page, signed_in = _e2e.live_server, _e2e.browser, _e2e.page, _e2e.signed_in  # the e2e fixtures

pytestmark = pytest.mark.e2e


def test_secretary_links_own_report_from_document_page_and_sees_it_on_the_task(page, signed_in):
    signed_in("bithu.hcqt")
    page.goto("/api/v1/documents?type=bao_cao&unit=CB-HCQT")
    own = page.evaluate("() => JSON.parse(document.body.innerText)")["items"]
    assert own, "the demo has a report of Chi bộ Hành chính - Quản trị"
    page.goto(f"/documents/{own[0]['id']}")
    first = page.locator("#plan-suggestions li").first
    code = first.locator("a.fw-semibold").inner_text()
    first.locator("select[name=relation]").select_option("bao_cao_ket_qua")
    first.get_by_role("button", name="Gắn").click()
    page.wait_for_load_state()
    assert f"Đã gắn văn bản với nhiệm vụ {code}" in page.content()
    assert code in page.locator("#plan-links").inner_text()
    page.goto(f"/plan/tasks/{code}")
    documents = page.locator("#task-documents").inner_text()
    assert "Báo cáo kết quả" in documents and re.search(r"gắn bởi .+ lúc \d\d/\d\d/\d{4}", documents)
    page.goto("/plan/")
    task_row = page.locator(f"[id='task-{code}']")
    assert not task_row.locator("p").first.is_visible()
    area = code.rsplit(".", 1)[0]
    if not task_row.locator("summary").first.is_visible():
        page.locator(f"[id='area-{area}'] > summary").click()  # the tree opens with <details>, no script needed
    task_row.locator("summary").first.click()
    assert task_row.locator("p").first.is_visible()
