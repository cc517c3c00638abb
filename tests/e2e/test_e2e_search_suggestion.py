"""Issue 16 in real Chromium: a member types "cai cach hanh chinh", is offered "cải cách hành chính" and clicks it;
the secretariat adds a synonym on its page and the next search uses it, with no rebuild."""

import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SECRETARIAT = "giupviec.ha"
MEMBER = "dangvien.giang"


def test_member_clicks_the_accented_suggestion(page, signed_in):
    signed_in(MEMBER)
    page.goto("/search/")
    box = page.get_by_label("Nội dung tìm kiếm")
    box.fill("cai cach hanh chinh")
    page.get_by_label("Sắp xếp").select_option("date_desc")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url(re.compile(r"/search/?\?"))
    offer = page.locator("#co-phai-muon-tim")
    expect(offer).to_contain_text("Có phải đồng chí muốn tìm: cải cách hành chính?")
    offer.get_by_role("link", name="cải cách hành chính").click()
    page.wait_for_url(re.compile(r"q=c%E1%BA%A3i"))
    args = parse_qs(urlparse(page.url).query)
    assert args["q"] == ["cải cách hành chính"] and args["sort"] == ["date_desc"]
    expect(page.get_by_label("Nội dung tìm kiếm")).to_have_value("cải cách hành chính")
    expect(page.locator("#co-phai-muon-tim")).to_have_count(0)
    expect(page.locator("#so-ket-qua")).to_contain_text(re.compile(r"Tìm thấy (khoảng )?\d+"))
    expect(page.locator("article.search-hit").first).to_contain_text(re.compile("cải cách hành chính", re.I))


def test_secretariat_adds_a_synonym_and_search_uses_it_at_once(page, signed_in):
    token = "QZ" + uuid.uuid4().hex[:6].upper()
    signed_in(SECRETARIAT)
    page.get_by_role("link", name="Từ đồng nghĩa").click()
    page.wait_for_url("**/search/synonyms")
    expect(page.locator("#danh-sach-dong-nghia")).to_contain_text("VNeID = định danh điện tử")
    page.get_by_label("Mục từ đồng nghĩa").fill(token)
    page.get_by_role("button", name="Thêm").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Cần ít nhất hai cách gọi")
    page.get_by_label("Mục từ đồng nghĩa").fill(f"{token} = cải cách hành chính")
    page.get_by_role("button", name="Thêm").click()
    page.wait_for_url("**/search/synonyms")
    expect(page.locator("#danh-sach-dong-nghia")).to_contain_text(f"{token} = cải cách hành chính")
    page.goto(f"/search/?q={token}")
    expect(page.locator("article.search-hit").first).to_be_visible()
    expect(page.locator("#so-ket-qua")).to_contain_text("Tìm thấy")

    # Deleting it (after the confirmation) takes it out of the next search.
    page.goto(f"/search/synonyms?q={token}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#danh-sach-dong-nghia").get_by_role("button", name="Xóa").click()
    expect(page.get_by_text(f"Đã xóa “{token} = cải cách hành chính”.")).to_be_visible()
    page.goto(f"/search/?q={token}")
    expect(page.locator("article.search-hit")).to_have_count(0)
