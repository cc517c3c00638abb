"""The one parser of code lists (tasks, targets, units) typed in forms or sent by the API."""

import pytest

from portal.text.codes import code_list


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        ("II.1.1, II.2.3", ["II.1.1", "II.2.3"]),
        ("II.1.1;II.2.3\nII.2.4", ["II.1.1", "II.2.3", "II.2.4"]),
        (["II.1.1", "II.2.3,II.2.4", ""], ["II.1.1", "II.2.3", "II.2.4"]),  # repeated fields, each maybe a list
        ([" CB-A ", None], ["CB-A"]),
        ("", []),
        (None, []),
        (",,; \n", []),
        ("II.2.3, II.1.1, II.2.3", ["II.2.3", "II.1.1", "II.2.3"]),  # order kept; callers decide on repeats
    ],
)
def test_code_lists(given, codes):
    assert code_list(given) == codes
