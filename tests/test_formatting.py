"""Numbers and dates for people in Vietnamese form (Babel, locale vi): decimal comma, thousands dot."""

from datetime import date, datetime

import pytest

from portal.clock import frozen
from portal.formatting import format_date, format_datetime, format_number, format_percent, format_quantity, format_ratio


@pytest.mark.parametrize(
    ("value", "text"), [(1250, "1.250"), (65.5, "65,5"), (65500, "65.500"), (1250.5, "1.250,5"), (85.0, "85"), (0, "0")]
)
def test_numbers_use_the_decimal_comma_and_thousands_dot(value, text):
    assert format_number(value) == text


def test_percent_quantities_and_shares():
    assert format_percent(65.5) == "65,5%"
    assert format_percent(100) == "100%"
    assert format_ratio(0.2345) == "23%"
    assert format_quantity(1250, "hồ sơ") == "1.250 hồ sơ"
    assert format_quantity(95, "%") == "95%"
    assert format_number(None) == format_percent(None) == format_ratio(None) == ""


def test_times_show_in_vietnam_time():
    with frozen(datetime(2026, 12, 31, 18, 30)):
        assert format_datetime(datetime(2026, 12, 31, 18, 30)) == "01/01/2027 01:30"
        assert format_date(date(2026, 4, 4)) == "04/04/2026"


def test_long_texts_are_cut_at_a_word_boundary():
    from portal.formatting import shorten

    text = "Cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    short = shorten(text, 40)
    assert short == "Cung cấp dịch vụ công trực tuyến toàn…" and len(short) <= 40
    assert shorten("ngắn", 40) == "ngắn"
