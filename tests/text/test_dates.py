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


# --- the one parser of dates people type ------------------------------------------------------------------------

import pytest  # noqa: E402

from portal.errors import ValidationFailed  # noqa: E402
from portal.text.dates import parse_user_date  # noqa: E402


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("31/12/2026", date(2026, 12, 31)),
        ("1/2/2026", date(2026, 2, 1)),  # day first, one digit each
        (" 04 / 04 / 2026 ", date(2026, 4, 4)),
        ("04-04-2026", date(2026, 4, 4)),
        ("04.04.2026", date(2026, 4, 4)),
        ("2026-12-31", date(2026, 12, 31)),  # ISO from the API
        ("ngày 12 tháng 5 năm 2026", date(2026, 5, 12)),
        ("29/02/2028", date(2028, 2, 29)),
        (date(2026, 1, 2), date(2026, 1, 2)),
        ("", None),
        (None, None),
        ("   ", None),
    ],
)
def test_user_dates_accepted(typed, meant):
    assert parse_user_date(typed, "Hạn nộp") == meant


@pytest.mark.parametrize(
    "typed",
    ["31/02/2026", "29/02/2026", "12/2026", "2026/12/31", "12/05/26", "13/13/2026", "abc", "31/12/1800", "ngày 12"],
)
def test_user_dates_refused_with_the_expected_form(typed):
    with pytest.raises(ValidationFailed) as refused:
        parse_user_date(typed, "hạn nộp")
    assert refused.value.status == 400
    assert refused.value.message.startswith(f"Hạn nộp không hợp lệ: “{typed.strip()}”.")
    assert "ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2026" in refused.value.message


def test_required_user_date_says_what_is_missing():
    with pytest.raises(ValidationFailed) as refused:
        parse_user_date("", "Hạn nộp", required=True)
    assert refused.value.message.startswith("Chưa nhập hạn nộp; nhập theo dạng ngày/tháng/năm (dd/mm/yyyy)")


def test_every_form_uses_the_one_parser():
    """The three older parsers are gone (materials, the reports forms, the 6 rõ deadline, document metadata)."""
    import portal.blueprints.reports.forms_util as forms_util
    import portal.services.documents.metadata as metadata
    import portal.services.materials as materials
    from portal.services.plan import parse_deadline

    assert not hasattr(forms_util, "parse_date") and not hasattr(materials, "parse_date")
    assert not hasattr(metadata, "_coerce_date")
    assert parse_deadline("31/12/2030") == date(2030, 12, 31)
    with pytest.raises(ValidationFailed, match="Thời hạn không hợp lệ"):
        parse_deadline("quý IV")
