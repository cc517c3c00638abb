"""Issue 16 on a small real index: quoted phrases checked in the text, the diacritic suggestion, query-time synonyms,
and document numbers still first."""

import pytest

from portal.search import engine
from portal.search.engine import search
from portal.search.restore import restorer_for, variants

FILLER = "Văn bản này quy định về công tác tổ chức thực hiện trong toàn Đảng bộ tỉnh năm nay. "

DOCS = [
    {
        "id": "document:1",
        "title": "Án lệ về quyền sử dụng đất",
        "text": "Tòa án công nhận quyền sử dụng đất của hộ gia đình theo hợp đồng chuyển nhượng. " + FILLER,
    },
    {  # every pair of "quyền sử dụng đất" occurs, never the four words together
        "id": "document:2",
        "title": "Án lệ về quyền sử dụng nhà",
        "text": "Tòa án công nhận quyền sử dụng nhà ở; việc sử dụng đất của hộ gia đình theo hợp đồng thuê. " + FILLER,
    },
    {  # the words in another order
        "id": "document:3",
        "title": "Án lệ về đất",
        "text": "Đất của hộ gia đình, quyền của người sử dụng theo hợp đồng. " + FILLER,
    },
    {
        "id": "document:4",
        "title": "Kế hoạch cải cách hành chính năm 2026",
        "text": "Đẩy mạnh cải cách hành chính, phát triển dịch vụ công trực tuyến toàn trình. " + FILLER,
    },
    {
        "id": "document:5",
        "title": "Hướng dẫn định danh điện tử",
        "text": "Người dân đăng ký tài khoản định danh điện tử mức độ 2 để nộp hồ sơ. " + FILLER,
    },
    {
        "id": "document:6",
        "title": "Chỉ thị về chuyển đổi số",
        "doc_type": "chi_thi",
        "number": "21-CT/TU",
        "text": "Chuyển đổi số trong cơ quan Đảng, định danh điện tử cho đảng viên. " + FILLER,
    },
    {
        "id": "document:7",
        "title": "Báo cáo thực hiện Chỉ thị 21-CT/TU về định danh điện tử và cải cách hành chính",
        "text": "Triển khai Chỉ thị 21-CT/TU: định danh điện tử, cải cách hành chính, VNeID, một cửa. " * 3 + FILLER,
    },
    {
        "id": "document:8",
        "title": "Bán hàng hóa",
        "text": "Quy định về bán hàng hóa và mua bán hàng hóa qua sở giao dịch. " + FILLER,
    },
    {
        "id": "document:9",
        "title": "Ban hành quy chế",
        "text": "Ban hành quy chế làm việc của ban chấp hành. " + FILLER,
    },
]


@pytest.fixture
def index(build):
    return build(DOCS)


def ids(result):
    return [h["id"] for h in result["hits"]]


# -- phrases ----------------------------------------------------------------------------------------------------
def test_quoted_phrase_needs_the_words_adjacent_and_in_order(index):
    res = search(index, '"quyền sử dụng đất"')
    assert ids(res) == ["document:1"] and res["total"] == 1 and res["total_exact"] is True


def test_quoted_phrase_without_diacritics_as_typed(index):
    assert ids(search(index, '"quyen su dung dat"')) == ["document:1"]
    assert ids(search(index, '"quyen su dung dat" toa an')) == ["document:1"]


def test_phrase_copied_with_punctuation_matches_but_not_with_a_word_between(index):
    # document:2 has "nhà ở; việc sử dụng": punctuation between the words is fine, another word is not
    assert ids(search(index, '"nhà ở, việc sử dụng"')) == ["document:2"]
    assert ids(search(index, '"nhà ở sử dụng"')) == []


def test_an_excluded_phrase_removes_only_documents_holding_it_word_for_word(index):
    # document:2 holds every pair of "quyền sử dụng đất" but never the four words together: it stays
    assert sorted(ids(search(index, 'án lệ -"quyền sử dụng đất"'))) == ["document:2", "document:3"]
    assert sorted(ids(search(index, 'an le -"quyen su dung dat"'))) == ["document:2", "document:3"]
    res = search(index, 'án lệ -"sử dụng nhà" -"quyền sử dụng đất"')
    assert ids(res) == ["document:3"] and res["total"] == 1 and res["total_exact"] is True


def test_many_candidates_give_an_estimated_total(index, monkeypatch):
    monkeypatch.setattr(engine, "PHRASE_VERIFY_DOCS", 2)
    monkeypatch.setattr(engine, "PHRASE_VERIFY_MIN", 2)
    res = search(index, '"hộ gia đình"')
    assert res["total_exact"] is False and res["total"] == 3
    monkeypatch.setattr(engine, "PHRASE_VERIFY_DOCS", 5000)
    res = search(index, '"hộ gia đình"')
    assert res["total_exact"] is True and res["total"] == 3


# -- "Có phải đồng chí muốn tìm" --------------------------------------------------------------------------------
def test_variants_cover_every_accented_spelling():
    assert {"người", "ngươi"} <= set(variants("nguoi"))
    assert "đường" in variants("duong") and "dương" in variants("duong")


def test_suggestion_restores_a_plain_query_and_is_null_when_typed_correctly(index):
    res = search(index, "cai cach hanh chinh")
    assert res["suggestion"] == "cải cách hành chính"
    assert search(index, "cải cách hành chính")["suggestion"] is None
    assert search(index, "Cai cach hanh chinh")["suggestion"] == "Cải cách hành chính"


def test_suggestion_keeps_document_numbers_as_typed(index):
    res = search(index, "chi thi 21-CT/TU")
    assert res["hits"][0]["id"] == "document:6"
    assert res["suggestion"] == "chỉ thị 21-CT/TU"


def test_restored_forms_rank_and_mark_exact_words(index):
    res = search(index, "ban hang hoa")
    assert res["suggestion"] == "bán hàng hóa"
    assert ids(res)[0] == "document:8"
    assert (
        "<mark>bán hàng hóa</mark>" in res["hits"][0]["snippet"] or "<mark>bán hàng</mark>" in res["hits"][0]["snippet"]
    )


@pytest.mark.parametrize("drift, inherited", [(1.0, True), (0.0, False)])
def test_restorer_is_per_reader_and_inherits_its_generation_memo(index, monkeypatch, drift, inherited):
    from portal.search import restore

    monkeypatch.setattr(restore, "INHERIT_DRIFT", drift)
    reader = index.searcher().reader()
    first = restorer_for(reader, key=("gen", drift))
    assert restorer_for(reader, key=("gen", drift)) is first
    first.suggest("cai cach hanh chinh")
    index.apply([{"id": "document:99", "kind": "document", "title": "x", "text": "Trồng dương liễu."}], [])
    later = restorer_for(index.searcher().reader(), key=("gen", drift))
    assert later is not first and later.reader is not reader
    assert ("cai" in later._candidates) is inherited
    assert later.suggest("duong lieu") == "dương liễu"  # the new document's words, whatever was inherited


# -- synonyms ---------------------------------------------------------------------------------------------------
def test_synonyms_from_the_given_list_are_applied_at_query_time(index):
    assert "document:5" not in ids(search(index, "vneid", synonyms=()))
    assert "document:5" in ids(search(index, "vneid", synonyms=["VNeID = định danh điện tử"]))
    assert "document:5" in ids(search(index, "VNeID"))  # the shipped list has it


def test_document_numbers_stay_first_with_synonyms_and_suggestions(index):
    for q in ["21-CT/TU", "chỉ thị 21-CT/TU", "Chi thi 21-CT/TU", "21-CT/TU dinh danh dien tu"]:
        assert ids(search(index, q))[0] == "document:6", q


def test_result_carries_the_new_keys(index):
    res = search(index, "định danh")
    assert {"total", "total_exact", "hits", "facets", "suggestion"} <= set(res)
