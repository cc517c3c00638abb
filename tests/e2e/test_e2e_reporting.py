"""Issue 6 in real Chromium: a branch secretary submits the branch's report, the secretariat accepts it, the branch sees it."""

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# portal/demo/reporting.py: in "Báo cáo quý IV năm 2026" Chi bộ Trung tâm Tin học - Công báo has not submitted yet.
PERIOD = "Báo cáo quý IV năm 2026"
SECRETARY = "bithu.thcb"
BRANCH = "Chi bộ Trung tâm Tin học - Công báo (demo)"
SECRETARIAT = "giupviec.ha"
TASK = "II.2.1"
VN = timezone(timedelta(hours=7))

REPORT = """ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
CHI BỘ TRUNG TÂM TIN HỌC - CÔNG BÁO

Lào Cai, ngày 28 tháng 11 năm 2026

BÁO CÁO
kết quả thực hiện Kế hoạch lãnh đạo thực hiện công tác cải cách hành chính quý IV/2026

Chi bộ đã lãnh đạo Trung tâm rà soát, cắt giảm, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý; duy trì
Cổng thông tin điện tử và hệ thống công báo điện tử vận hành thông suốt; 100% văn bản quy phạm pháp luật của tỉnh
được đăng công báo điện tử đúng hạn. Chi bộ đã quán triệt Kế hoạch đến 100% đảng viên trong kỳ sinh hoạt tháng 11.

Hạn chế: việc chuyển đổi số hồ sơ lưu trữ còn chậm do thiếu kinh phí.

T/M CHI BỘ
BÍ THƯ
Đỗ Quang Huy
"""


def _sign_out(page):
    page.locator("#menu-tai-khoan").click()
    page.locator("#nut-dang-xuat").click()
    page.wait_for_url("**/auth/login")


def _deadline_passed(page):
    """Whether the slot page's 'Hạn nộp dd/mm/yyyy' is before today (Vietnam time)."""
    text = page.locator("main").inner_text()
    deadline = datetime.strptime(re.search(r"Hạn nộp (\d{2}/\d{2}/\d{4})", text).group(1), "%d/%m/%Y").date()
    return deadline < datetime.now(VN).date()


def test_branch_submits_and_secretariat_accepts(page, signed_in, tmp_path):
    report = tmp_path / "bao-cao-quy-4-2026-chi-bo-tin-hoc-cong-bao.md"
    report.write_text(REPORT, encoding="utf-8")

    # 1. The branch secretary sees the report owed on the home page and opens the slot from there.
    signed_in(SECRETARY)
    own_panel = page.locator("#panel-reports_own")
    slot_link = own_panel.get_by_role("link", name=f"{PERIOD} — {BRANCH}")
    expect(slot_link).to_be_visible()
    slot_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BRANCH)
    expect(page.locator("#trang-thai")).to_have_text("Chưa nộp")
    slot_url = page.url
    late = _deadline_passed(page)

    # 2. Submit the file with one task chosen.
    page.get_by_label("Tệp báo cáo", exact=True).set_input_files(str(report))
    task_box = page.get_by_role("checkbox", name=re.compile(r"^" + re.escape(TASK) + r" "))
    task_box.check()
    page.get_by_label("Ghi chú").fill("Báo cáo của Chi bộ Trung tâm Tin học - Công báo")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp báo cáo lần 1" + (" (nộp muộn)" if late else ""))
    expect(page.locator("#trang-thai")).to_have_text("Nộp muộn" if late else "Đã nộp")
    expect(page.locator("#cac-lan-nop tbody tr")).to_have_count(1)
    expect(page.locator("#nhiem-vu-da-gan")).to_contain_text(TASK)
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)  # nothing left to submit

    # The home page no longer lists the report as owed.
    page.get_by_role("link", name="Trang chủ").click()
    expect(page.locator("#panel-reports_own").get_by_role("link", name=f"{PERIOD} — {BRANCH}")).to_have_count(0)
    _sign_out(page)

    # 3. The secretariat sees it waiting, opens the period, and accepts the branch's slot.
    signed_in(SECRETARIAT)
    expect(page.locator("#panel-reports_waiting").get_by_role("link", name=f"{PERIOD} — {BRANCH}")).to_be_visible()
    page.get_by_role("link", name="Báo cáo định kỳ", exact=True).click()
    page.locator("#danh-sach-dot").get_by_role("link", name=PERIOD, exact=True).click()
    row = page.locator("#bang-don-vi tbody tr").filter(has_text=BRANCH)
    expect(row).to_contain_text("Nộp muộn" if late else "Đã nộp")
    row.get_by_role("link", name="Chi tiết").click()
    assert urlparse(page.url).path == urlparse(slot_url).path
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tiếp nhận báo cáo.")
    expect(page.locator("#trang-thai")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_role("button", name="Tiếp nhận báo cáo")).to_have_count(0)
    page.get_by_role("link", name=PERIOD).first.click()
    expect(page.locator("#bang-don-vi tbody tr").filter(has_text=BRANCH)).to_contain_text("Đã tiếp nhận")
    _sign_out(page)

    # 4. The branch secretary is told, and the slot shows it accepted.
    signed_in(SECRETARY)
    bell = page.locator("#thong-bao")
    expect(bell.locator(".badge")).to_be_visible()
    bell.click()
    notice = page.get_by_role("link", name=f"Báo cáo đã được tiếp nhận: {PERIOD}")
    expect(notice).to_be_visible()
    expect(page.locator("li.list-group-item", has=notice)).to_have_class(
        re.compile(r"list-group-item-warning")
    )  # unread
    notice.click()
    assert urlparse(page.url).path == urlparse(slot_url).path
    expect(page.locator("#trang-thai")).to_have_text("Đã tiếp nhận")
