"""The one parser of typed numbers: the restructuring issue's table, and refusals that show the expected form."""

import pytest

from portal.text.quantities import QuantityError, parse_quantity


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.250", 1250.0),
        ("65.500", 65500.0),
        ("1,250", 1.25),
        ("65,5", 65.5),
        ("65,5 %", 65.5),
        ("65,5%", 65.5),
        ("65.5", 65.5),
        ("1.5", 1.5),
        ("1.250,5", 1250.5),
        ("1.250.000", 1250000.0),
        ("87", 87.0),
        (" 92 phần trăm ", 92.0),
        ("0,05", 0.05),
        ("-3,5", -3.5),
        (87.5, 87.5),
        (3, 3.0),
    ],
)
def test_the_table_of_typed_forms(typed, value):
    assert parse_quantity(typed) == value


@pytest.mark.parametrize(
    "typed", ["", "abc", "1.2.3", "12,5,5", "1,250.5", "65.5.5", "1.2345", "%", "12 500", "1e3", True]
)
def test_anything_else_is_refused_with_the_expected_form(typed):
    with pytest.raises(QuantityError) as err:
        parse_quantity(typed, "II.2.T1")
    assert "II.2.T1" in err.value.message
    assert "1.250" in err.value.message and "65,5" in err.value.message
