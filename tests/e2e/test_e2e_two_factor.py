"""A member enrols the second factor in real Chromium: the QR code is drawn by the portal (an inline SVG image, no
outside service), the first code turns it on, ten recovery codes are shown once, and the next sign-in asks for a code."""

import re
import time

import pyotp
import pytest

from portal.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_enrolment_and_sign_in_with_a_code_in_chromium(page, signed_in):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    signed_in("dangvien.dung")
    page.click("#menu-tai-khoan")
    page.click("text=Xác thực hai lớp")
    page.click("#nut-dang-ky-2fa")
    page.wait_for_url("**/auth/two-factor/setup")
    qr = page.locator("#ma-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the browser drew it
    secret = page.inner_text("#khoa-bi-mat").replace(" ", "")
    page.fill("input[name=code]", "000000")
    page.click("#nut-bat-2fa")
    assert "Mã xác thực không đúng" in page.content()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("#nut-bat-2fa")
    codes = page.locator("#ma-khoi-phuc li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    page.click("#nut-da-luu")
    page.click("#menu-tai-khoan")
    page.click("#nut-dang-xuat")
    page.wait_for_url("**/auth/login")

    page.fill("input[name=username]", "dangvien.dung")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#nut-dang-nhap")
    page.wait_for_url("**/auth/two-factor")
    page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))  # the next step: a code counts once
    page.click("#nut-xac-thuc")
    page.wait_for_url("**/")
    assert "Chào đồng chí Ma Thị Dung" in page.content()
    assert outside == []
