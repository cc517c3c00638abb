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


ANIMALS = ["mèo", "chó", "gà", "vịt", "lợn", "bò"]
DOCS = [
    {  # the question's words near each other (never adjacent, so no pair term matches)
        "id": "document:1",
        "title": "Điều 1",
        "text": FILLER * 3 + "Nuôi con mèo và chó với gà và vịt cùng lợn và bò. " + FILLER * 3,
    },
    {  # the same words twice each, scattered
        "id": "document:2",
        "title": "Điều 2",
        "text": "".join(f"Nuôi con {a} ở đây, bán {a} ở quê. " + FILLER for a in ANIMALS),
    },
] + [{"id": f"document:{n}", "title": f"Điều {n}", "text": FILLER * 2} for n in range(3, 12)]


@pytest.fixture
def index(build):
    return build(DOCS)


@pytest.mark.parametrize("weight, expected", [(0.0, "document:2"), (1.0, "document:1")])
def test_proximity_rerank_lifts_the_document_where_the_words_stay_together(index, monkeypatch, weight, expected):
    monkeypatch.setattr(engine, "PROXIMITY_WEIGHT", weight)
    q = "mèo chó gà vịt lợn bò như thế nào"
    assert [h["id"] for h in search(index, q)["hits"]][0] == expected
    assert [h["id"] for h in search(index, fold(q))["hits"]][0] == expected
