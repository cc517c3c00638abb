"""Issue 7 in real Chromium: a member goes from the home page's "to study" panel to confirming the demo material."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# The demo material (portal/demo/materials.py); dangvien.binh (Chi bộ Hành chính - Quản trị) has not confirmed it.
MATERIAL = (
    "Quán triệt Kế hoạch lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030 và Chỉ thị số 21-CT/TU"
)
MEMBER = "dangvien.binh"
VN = timezone(timedelta(hours=7))


def _vn_minutes(start, end):
    """The 'dd/mm/yyyy HH:MM' Vietnam-time stamps between start and end (inclusive, minute steps)."""
    stamps, moment = set(), start.replace(second=0, microsecond=0)
    while moment <= end:
        stamps.add(moment.strftime("%d/%m/%Y %H:%M"))
        moment += timedelta(minutes=1)
    return stamps


def test_member_confirms_material_from_home_page(page, signed_in):
    signed_in(MEMBER)
    panel = page.locator("#panel-materials-pending")
    expect(panel).to_contain_text("Tài liệu cần nghiên cứu, quán triệt")
    expect(panel.get_by_role("link", name=MATERIAL)).to_be_visible()

    panel.get_by_role("link", name=MATERIAL).click()
    expect(page.get_by_role("heading", level=1, name=MATERIAL, exact=True)).to_be_visible()
    expect(page.locator("#noi-dung-tai-lieu")).to_contain_text("21-CT/TU")
    version = re.search(r"Phiên bản (\d+)", page.locator("main").inner_text()).group(1)

    before = datetime.now(VN)
    page.get_by_role("button", name="Tôi đã nghiên cứu, quán triệt").click()
    after = datetime.now(VN)
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận đồng chí đã nghiên cứu, quán triệt tài liệu.")
    status = page.locator("#trang-thai-xac-nhan")
    expect(status).to_contain_text(f"(phiên bản {version})")
    stamp = re.search(r"Đã xác nhận lúc (\d{2}/\d{2}/\d{4} \d{2}:\d{2})", status.inner_text())
    assert stamp and stamp.group(1) in _vn_minutes(before - timedelta(minutes=1), after), status.inner_text()
    expect(page.get_by_role("button", name="Tôi đã nghiên cứu, quán triệt")).to_have_count(0)

    page.get_by_role("link", name="Đảng ủy Văn phòng UBND tỉnh Lào Cai").first.click()
    page.wait_for_url("**/")
    panel = page.locator("#panel-materials-pending")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name=MATERIAL)).to_have_count(0)
    expect(panel).to_contain_text("Đồng chí đã xác nhận quán triệt tất cả tài liệu.")

    # The materials list also records the member's confirmation.
    panel.get_by_role("link", name="Tất cả tài liệu quán triệt").click()
    row = page.locator("#danh-sach-tai-lieu tr", has=page.get_by_role("link", name=MATERIAL))
    expect(row).to_contain_text(f"Đã xác nhận {stamp.group(1)}")
