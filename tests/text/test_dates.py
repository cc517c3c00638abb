"""Tests for portal.text.dates."""

from datetime import date

from portal.text.dates import PartialDate, format_vn_date, match_date, parse_vn_date


def test_header_date_with_place():
    d = parse_vn_date("Lào Cai, ngày 12 tháng 5 năm 2026")
    assert d == PartialDate(2026, 5, 12, "Lào Cai")
    assert d.as_date() == date(2026, 5, 12)


def test_draft_date_without_day():
    d = parse_vn_date("Lào Cai, ngày   tháng 5 năm 2026")
    assert (d.year, d.month, d.day, d.place) == (2026, 5, None, "Lào Cai")
    assert d.as_date() is None


def test_numeric_and_month_forms():
    assert parse_vn_date("ngày 04/4/2026").as_date() == date(2026, 4, 4)
    assert parse_vn_date("tháng 5/2026") == PartialDate(2026, 5, None)
    assert parse_vn_date("NGÀY 1 THÁNG 10 NĂM 2025").as_date() == date(2025, 10, 1)


def test_impossible_or_missing_dates():
    assert parse_vn_date("ngày 31/2/2026") is None
    assert parse_vn_date("giai đoạn 2026-2030") is None


def test_match_date_after_a_number():
    text = "Kế hoạch số 83-KH/ĐU ngày 12/5/2026 của Đảng ủy"
    found, end = match_date(text, text.index(" ngày"))
    assert found.as_date() == date(2026, 5, 12) and text[end:] == " của Đảng ủy"


def test_format():
    assert format_vn_date(date(2026, 5, 12)) == "12/05/2026"
    assert format_vn_date(None) == ""
