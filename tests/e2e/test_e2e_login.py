"""A user logs in and out in real Chromium; after logout the old session cookie no longer opens pages."""

import pytest

pytestmark = pytest.mark.e2e


def test_login_and_logout_in_chromium(page, signed_in):
    signed_in("dangvien.an")
    assert "Chào đồng chí Nguyễn Văn An" in page.content()
    cookies = page.context.cookies()
    page.click("#menu-tai-khoan")
    page.click("#nut-dang-xuat")
    page.wait_for_url("**/auth/login")
    assert "Đồng chí đã đăng xuất" in page.content()
    # A copy of the old cookie must not work any more: the session ended on the server.
    page.context.add_cookies(cookies)
    page.goto("/")
    assert "/auth/login" in page.url


def test_wrong_password_shows_vietnamese_message(page):
    page.goto("/auth/login")
    page.fill("input[name=username]", "dangvien.an")
    page.fill("input[name=password]", "sai-mat-khau-roi")
    page.click("#nut-dang-nhap")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.content()


def test_usable_on_a_phone(browser, live_server):
    """On a phone-sized screen the menu folds behind a button and the page does not scroll sideways."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto("/auth/login")
        page.fill("input[name=username]", "dangvien.hoa")
        page.fill("input[name=password]", "Demo@LaoCai2026")
        page.click("#nut-dang-nhap")
        page.wait_for_url("**/")
        assert not page.is_visible("text=Kế hoạch CCHC")
        page.click("button.navbar-toggler")
        page.get_by_role("link", name="Kế hoạch CCHC").click()
        page.wait_for_url("**/plan/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
