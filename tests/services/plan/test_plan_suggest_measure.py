"""How good `flask plan suggest` is: labelled report paragraphs (tests/plan/test_suggest.py) with the right task in
the top 3, and a demo branch report suggesting the tasks a reader would pick on its document page."""

import importlib.util
import json
import os

from plan_web_paths import PLAN_PATH, REPORTS, ROOT

from portal.services import plan as plan_service


def _labelled():
    """LABELLED and HARD from the parser engineer's suggestion tests (one labelled set, not a copy)."""
    spec = importlib.util.spec_from_file_location(
        "plan_suggest_labels", os.path.join(ROOT, "tests", "plan", "test_suggest.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LABELLED, module.HARD


def _top3_share(runner, labelled):
    """Share of paragraphs whose labelled code is among `flask plan suggest --limit 3 --json`."""
    hits = 0
    for text, label in labelled:
        result = runner.invoke(args=["plan", "suggest", "--text", text, "--limit", "3", "--json"])
        assert result.exit_code == 0, result.output
        hits += label in [row["code"] for row in json.loads(result.stdout)]
    return hits / len(labelled)


def test_share_of_report_paragraphs_with_the_right_task_in_top_3(runner):
    assert runner.invoke(args=["plan", "import", PLAN_PATH]).exit_code == 0
    labelled, hard = _labelled()
    easy_share, hard_share = _top3_share(runner, labelled), _top3_share(runner, hard)
    print(
        f"flask plan suggest top-3: labelled {easy_share:.2f} ({len(labelled)}), paraphrases {hard_share:.2f} ({len(hard)})"
    )
    assert easy_share >= 0.9 and hard_share >= 0.5


def test_demo_report_suggestions_are_the_tasks_a_reader_would_pick(plan, doc_row, users):
    with open(os.path.join(REPORTS, "bao-cao-quy-4-2026-chi-bo-tong-hop.md"), encoding="utf-8") as handle:
        report = doc_row(handle.read(), title="Báo cáo quý IV/2026 Chi bộ Tổng hợp", unit="CB-B", user="secretary_b")
    ctx = plan_service.document_task_context(report, users["secretary_b"], limit=6)
    codes = [s["code"] for s in ctx["suggestions"]]
    # the report's items: legal documents review and consultation on drafts (II.1.1, II.1.7), data for real-time
    # direction (II.6.7 or II.6.8), the virtual assistant (II.6.3)
    assert {"II.1.1", "II.1.7", "II.6.3"} <= set(codes) and {"II.6.7", "II.6.8"} & set(codes), codes
    assert ctx["can_link"] and not plan_service.document_task_context(report, users["secretary"])["can_link"]
    plan_service.link_document(
        report, plan_service.task_by_code("II.6.3", plan), "bao_cao_ket_qua", users["secretary_b"]
    )
    after = plan_service.document_task_context(report, users["secretary_b"], limit=6)
    assert [link["code"] for link in after["links"]] == ["II.6.3"] and "II.6.3" not in [
        s["code"] for s in after["suggestions"]
    ]


def test_task_page_suggests_visible_documents_only(plan, doc_row, users):
    visible = doc_row(
        "Chi bộ đã hoàn thiện bản mô tả vị trí việc làm và khung năng lực cho công chức của phòng.",
        title="Báo cáo vị trí việc làm",
        unit="CB-A",
        user="secretary",
    )
    hidden = doc_row(
        "Hoàn thiện bản mô tả vị trí việc làm, khung năng lực vị trí việc làm của phòng.",
        title="Báo cáo nội bộ chi bộ B",
        unit="CB-B",
        user="secretary_b",
        visibility="units",
    )
    task = plan_service.task_by_code("II.4.3", plan)
    mine = [d.id for d, _ in plan_service.suggest_documents_for_task(task, users["member"], 5)]
    theirs = [d.id for d, _ in plan_service.suggest_documents_for_task(task, users["member_b"], 5)]
    assert mine[0] == visible.id and hidden.id not in mine and hidden.id in theirs
