"""The synonym list: plain lines in, expansions out, applied at query time (plan suggestions and search)."""

from pathlib import Path

import pytest

from portal.plan.parser import parse_plan
from portal.search.synonym_defaults import DEFAULT_LINES
from portal.search.synonyms import SynonymError, SynonymSet, synonym_set

PLAN_PATH = Path(__file__).resolve().parents[2] / "samples" / "plan" / "ke-hoach-cchc-2026-2030.txt"


def test_from_lines_reads_forms_comments_and_blank_lines():
    syn = SynonymSet.from_lines(["# định danh", "", "VNeID = định danh điện tử", "ô tô công = xe công = tài sản công"])
    assert len(syn) == 2
    assert syn.expansions(["đăng", "nhập", "vneid"]) == [["định", "danh", "điện", "tử"]]
    assert syn.expansions(["xe", "công"]) == [["ô", "tô", "công"], ["tài", "sản", "công"]]


def test_matching_ignores_diacritics_and_case_and_prefers_the_longest_form():
    syn = SynonymSet.from_lines(["một cửa = bộ phận tiếp nhận và trả kết quả", "một cửa liên thông = liên thông"])
    assert syn.expansions(["mot", "cua"]) == [["bộ", "phận", "tiếp", "nhận", "và", "trả", "kết", "quả"]]
    assert syn.expansions(["Một", "Cửa", "liên", "thông"]) == [["liên", "thông"]]
    assert syn.expansions(["cửa", "một"]) == []


def test_strict_mode_reports_the_bad_line_in_vietnamese():
    with pytest.raises(SynonymError) as err:
        SynonymSet.from_lines(["a = b", "chỉ một cách gọi"], strict=True)
    assert err.value.line_no == 2 and "Dòng 2" in err.value.message
    assert len(SynonymSet.from_lines(["a = b", "chỉ một cách gọi", " = x"])) == 1


def test_default_list_parses_strictly_and_is_cached():
    assert len(SynonymSet.from_lines(DEFAULT_LINES, strict=True)) >= 30
    assert synonym_set() is synonym_set(None)
    assert len(synonym_set(())) == 0


def test_plan_suggestions_use_the_list_given_at_query_time():
    from portal.plan.suggest import suggest_tasks

    tasks = parse_plan(PLAN_PATH.read_text(encoding="utf-8")).task_pairs()

    text = "Người dân đăng nhập bằng tài khoản VNeID để nộp hồ sơ."
    with_list = [c for c, _ in suggest_tasks(text, tasks, 3, synonyms=["VNeID = định danh và xác thực điện tử"])]
    without = [c for c, _ in suggest_tasks(text, tasks, 3, synonyms=())]
    assert with_list[0] == "II.6.9" and "II.6.9" not in without[:1]


def test_shipped_list_helps_the_second_paraphrase_set_and_keeps_the_labelled_one():
    import importlib.util

    from portal.plan.suggest import suggest_for_paragraphs

    tasks = parse_plan(PLAN_PATH.read_text(encoding="utf-8")).task_pairs()
    spec = importlib.util.spec_from_file_location("second", Path(__file__).with_name("paraphrases_second_set.py"))
    second = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(second)

    def top(labelled, synonyms, k):
        ranked = suggest_for_paragraphs([p for p, _ in labelled], tasks, limit=3, synonyms=synonyms)
        return sum(label in [c for c, _ in r][:k] for (_, r), (_, label) in zip(ranked, labelled, strict=True))

    assert top(second.SECOND_SET, None, 1) > top(second.SECOND_SET, (), 1)
    assert top(second.SECOND_SET, None, 3) >= top(second.SECOND_SET, (), 3)
