"""Tests for portal.text.numbers: document numbers, keys, queries and citations."""

from datetime import date
from pathlib import Path

import pytest

from portal.text.numbers import (
    TYPE_CODES,
    TYPE_NAMES,
    find_citations,
    lookup_type,
    number_key,
    parse_number,
    partial_keys,
    query_number_keys,
)

PLAN = open(
    Path(__file__).resolve().parents[2] / "samples" / "plan" / "ke-hoach-cchc-2026-2030.txt", encoding="utf-8"
).read()


@pytest.mark.parametrize(
    "text, number, key, form",
    [
        ("Số: 83-KH/ĐU", "83-KH/ĐU", "83-KH-DU", "party"),
        ("21-CT/TU", "21-CT/TU", "21-CT-TU", "party"),
        ("205-KL/TW", "205-KL/TW", "205-KL-TW", "party"),
        ("15-NQ/TW", "15-NQ/TW", "15-NQ-TW", "party"),
        ("05-QĐ/ĐU", "05-QĐ/ĐU", "5-QD-DU", "party"),
        ("Số 06/QĐ-TTg", "06/QĐ-TTg", "6-QD-TTG", "state"),
        ("91/2016/NĐ-CP", "91/2016/NĐ-CP", "91-2016-ND-CP", "state"),
        ("1350/QĐ-UBND", "1350/QĐ-UBND", "1350-QD-UBND", "state"),
        ("12/2026/TT-BNV", "12/2026/TT-BNV", "12-2026-TT-BNV", "state"),
        ("45/BC-VP", "45/BC-VP", "45-BC-VP", "state"),
    ],
)
def test_parse_full_numbers(text, number, key, form):
    num = parse_number(text)
    assert (num.number, num.key, num.form, num.is_draft) == (number, key, form, False)


def test_parts_of_a_state_number():
    num = parse_number("91/2016/NĐ-CP")
    assert (num.serial, num.year, num.type_code, num.issuer_code) == ("91", 2016, "NĐ", "CP")


@pytest.mark.parametrize(
    "text, type_code, issuer",
    [
        ("Số - KH/ĐU", "KH", "ĐU"),
        ("Số:    -KH/ĐU", "KH", "ĐU"),
        ("Số /QĐ-UBND", "QĐ", "UBND"),
    ],
)
def test_drafts_have_no_serial_and_no_key(text, type_code, issuer):
    num = parse_number(text)
    assert num.is_draft and num.serial is None and num.key is None
    assert (num.type_code, num.issuer_code) == (type_code, issuer)
    assert number_key(text) is None


def test_plan_header_is_a_draft():
    assert parse_number(PLAN).is_draft


@pytest.mark.parametrize(
    "variant",
    [
        "21-CT/TU",
        "21/CT-TU",
        "21 CT TU",
        "số 21-CT/TU",
        "21-ct/tu",
        "21-CT/TƯ",
        "21-CT/TU ",
        "021-CT/TU",
        "21 – CT/TU",
    ],
)
def test_all_variants_share_one_key(variant):
    assert number_key(variant) == "21-CT-TU"


def test_different_documents_have_different_keys():
    keys = {number_key(s) for s in ("21-CT/TU", "21-CT/ĐU", "21/QĐ-TTg", "21-NQ/TW", "22-CT/TU")}
    assert len(keys) == 5


@pytest.mark.parametrize("text", ["ngày 12/5/2026", "giai đoạn 2026-2030", "Đ/c Huấn", "kinh tế - xã hội", "KPI", ""])
def test_no_number_in_ordinary_text(text):
    assert parse_number(text) is None


def test_type_tables():
    assert TYPE_CODES["CT"] == "chi_thi" and TYPE_CODES["QĐi"] == "quy_dinh" and TYPE_CODES["CTr"] == "chuong_trinh"
    assert len(TYPE_CODES) == 12
    assert lookup_type("Chỉ thị") == lookup_type("chi thi") == lookup_type("CT") == ("chi_thi", "CT")
    assert lookup_type("qd") == TYPE_NAMES["quyet dinh"] == ("quyet_dinh", "QĐ")
    assert lookup_type("quy định") == ("quy_dinh", "QĐi")
    assert lookup_type("tờ trình") == ("to_trinh", "TTr")


def test_partial_keys():
    assert partial_keys("21-CT/TU") == ["21-CT-TU", "21-CT"]
    assert partial_keys("06/QĐ-TTg") == ["6-QD-TTG", "6-QD"]
    assert partial_keys("91/2016/NĐ-CP") == ["91-2016-ND-CP", "91-ND", "91-2016-ND"]
    assert partial_keys("Số - KH/ĐU") == []


@pytest.mark.parametrize(
    "query, serial, type_code, number",
    [
        ("chỉ thị 21", "21", "CT", "21-CT/TU"),
        ("chi thi 21", "21", "CT", "21-CT/TU"),
        ("CT 21", "21", "CT", "21-CT/TU"),
        ("QĐ 06", "06", "QĐ", "06/QĐ-TTg"),
        ("qd 06", "06", "QĐ", "06/QĐ-TTg"),
        ("quyết định số 06", "06", "QĐ", "06/QĐ-TTg"),
        ("kết luận 205", "205", "KL", "205-KL/TW"),
        ("21-CT", "21", "CT", "21-CT/TU"),
    ],
)
def test_partial_queries_hit_the_indexed_partial_keys(query, serial, type_code, number):
    [nq] = query_number_keys(query)
    assert (nq.key, nq.serial, nq.type_code, nq.raw) == (None, serial, type_code, query)
    assert nq.lookup_key in partial_keys(number)


def test_partial_query_does_not_hit_another_type():
    [nq] = query_number_keys("chỉ thị 21")
    assert nq.lookup_key not in partial_keys("21/QĐ-TTg")


@pytest.mark.parametrize("query", ["21-CT/TU", "21/CT-TU", "số 21-CT/TU"])
def test_full_number_queries(query):
    [nq] = query_number_keys(query)
    assert nq.key == nq.lookup_key == "21-CT-TU" and nq.span == (0, len(query))


def test_query_spans_cover_only_the_numbers():
    q = "tìm 06/QĐ-TTg và chỉ thị 21 về dữ liệu"
    found = query_number_keys(q)
    assert [q[a:b] for a, b in (nq.span for nq in found)] == ["06/QĐ-TTg", "chỉ thị 21"]
    assert [nq.lookup_key for nq in found] == ["6-QD-TTG", "21-CT"]


def test_plain_words_are_not_numbers():
    assert query_number_keys("cải cách hành chính 2026") == []


def test_citations_in_the_plan():
    refs = {r.key: r for r in find_citations(PLAN)}
    assert set(refs) == {"83-KH-DU", "205-KL-TW", "6-QD-TTG", "21-CT-TU"}
    kh = refs["83-KH-DU"]
    assert (kh.number, kh.doc_type, kh.issued_on, kh.issuer) == (
        "83-KH/ĐU",
        "ke_hoach",
        date(2026, 5, 12),
        "Đảng ủy Ủy ban nhân dân tỉnh",
    )
    assert kh.raw == "Kế hoạch số 83-KH/ĐU ngày 12/5/2026 của Đảng ủy Ủy ban nhân dân tỉnh"
    ct = refs["21-CT-TU"]
    assert (ct.doc_type, ct.issued_on, ct.issuer) == ("chi_thi", date(2026, 4, 4), "Ban Thường vụ Tỉnh ủy")
    assert (refs["205-KL-TW"].doc_type, refs["205-KL-TW"].issuer) == ("ket_luan", "Bộ Chính trị")
    assert (refs["6-QD-TTG"].doc_type, refs["6-QD-TTG"].issuer) == ("quyet_dinh", "Thủ tướng Chính phủ")


def test_citations_are_deduplicated_keeping_the_most_complete():
    text = "Thực hiện 21-CT/TU. Chỉ thị số 21-CT/TU ngày 04/4/2026 của Ban Thường vụ Tỉnh ủy; theo 21/CT-TU."
    [ref] = find_citations(text)
    assert ref.issued_on == date(2026, 4, 4) and text[ref.start : ref.end] == ref.raw


def test_own_number_is_excluded():
    text = "Số: 1350/QĐ-UBND\nCăn cứ Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ; Quyết định 1350/QĐ-UBND"
    assert [r.key for r in find_citations(text, exclude_key="1350/QĐ-UBND")] == ["6-QD-TTG"]
    assert [r.key for r in find_citations(text, exclude_key="1350-QD-UBND")] == ["6-QD-TTG"]
    assert len(find_citations(text)) == 2


def test_issuer_stops_at_the_next_clause():
    [ref] = find_citations("Nghị quyết số 15-NQ/TW của Bộ Chính trị về phát triển kinh tế")
    assert ref.issuer == "Bộ Chính trị" and ref.doc_type == "nghi_quyet"


@pytest.mark.parametrize(
    ("number", "line"),
    [
        ("25-BC/ĐU", "Số 25-BC/ĐU"),
        ("Số: 25-BC/ĐU", "Số 25-BC/ĐU"),
        ("-BC/ĐU", "Số     -BC/ĐU"),
        ("25/BC-UBND", "Số: 25/BC-UBND"),
        ("91/2016/NĐ-CP", "Số: 91/2016/NĐ-CP"),
        ("", "Số:"),
    ],
)
def test_the_number_line_follows_party_and_state_forms(number, line):
    from portal.text.numbers import number_line

    assert number_line(number) == line
