"""Ranking rules from the language (issue 16): question words are intent, neighbouring content words count when they
stay near each other in the text."""

import pytest

from portal.search import engine
from portal.search.engine import _within, search
from portal.search.query import content_runs
from portal.text import fold, syllables

FILLER = "Các cơ quan, tổ chức có trách nhiệm thi hành theo quy định của pháp luật hiện hành trong phạm vi cả nước. "


def test_question_words_are_dropped_and_split_the_runs():
    q = "Người phạm tội trốn tránh nghĩa vụ quân sự thì bị phạt tù từ bao nhiêu năm đến bao nhiêu năm?"
    runs = content_runs(syllables(q), True)
    assert ["bao", "nhiêu"] not in runs and all("nhiêu" not in r for r in runs)
    assert runs[0][:3] == ["người", "phạm", "tội"] and ["năm", "đến"] in runs


def test_yes_no_question_loses_its_closing_word_and_plain_questions_too():
    assert content_runs(syllables("Có được chia thừa kế di sản cho việc thờ cúng không?"), True)[-1][-1] == "cúng"
    plain = content_runs(syllables(fold("Hợp đồng tặng cho có hiệu lực khi nào, đúng hay sai?")), False)
    assert all(w not in {"nao", "dung", "hay", "sai"} for r in plain for w in r)


def test_nothing_left_keeps_the_query():
    assert content_runs(["bao", "nhiêu"], True) == [["bao", "nhiêu"]]


def test_within_two_sorted_offset_lists():
    assert _within([5, 100], [130], 40) and not _within([5], [100], 40)


DOCS = [
    {  # the question's words, near each other
        "id": "document:1",
        "title": "Điều 12. Nghỉ giữa ca",
        "text": "Người lao động làm việc theo ca liên tục được nghỉ giữa giờ ít nhất 30 phút. " + FILLER * 3,
    },
    {  # the same words scattered over the article, more often
        "id": "document:2",
        "title": "Điều 13. Thời giờ làm việc",
        "text": (
            "Người lao động có quyền. "
            + FILLER
            + "Làm việc vào ban đêm. "
            + FILLER
            + "Theo ca sản xuất. "
            + FILLER
            + "Liên tục trong năm. "
            + FILLER
            + "Được nghỉ lễ. "
            + FILLER
            + "Nghỉ giữa năm. "
            + FILLER
            + "Người lao động làm việc. "
        ),
    },
]


@pytest.fixture
def index(build):
    return build(DOCS)


def test_proximity_rerank_lifts_the_document_where_the_words_stay_together(index, monkeypatch):
    q = "người lao động làm việc theo ca liên tục thì được nghỉ giữa giờ bao nhiêu phút"
    monkeypatch.setattr(engine, "PROXIMITY_WEIGHT", 1.0)
    assert [h["id"] for h in search(index, q)["hits"]][0] == "document:1"
    assert [h["id"] for h in search(index, fold(q))["hits"]][0] == "document:1"
