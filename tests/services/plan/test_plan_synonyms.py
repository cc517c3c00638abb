"""Plan-task suggestions follow the office's synonym list as the secretariat edits it (no rebuild, no restart)."""

import json

from portal.extensions import db
from portal.services import plan as plan_service
from portal.services.plan.links import suggest_for_document


def _suggest(runner, text):
    result = runner.invoke(args=["plan", "suggest", "--text", text, "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    return [r["code"] for r in json.loads(result.stdout)]


def test_edited_synonym_list_steers_task_suggestions(plan, client, login_as, runner, doc_row):
    task = [t for area in plan.areas for t in area.tasks][-1]
    phrase = " ".join(task.text.split()[:8])
    assert task.code not in _suggest(runner, "Chi bộ đã hoàn thành QWZX trong quý.")
    report = doc_row("Chi bộ đã hoàn thành QWZX trong quý.", title="Báo cáo quý", unit="CB-A")
    assert task.code not in [t.code for t, _ in suggest_for_document(report, 3, plan)]

    login_as("secretariat")
    response = client.post("/search/synonyms", data={"text": f"QWZX = {phrase}"})
    assert response.status_code == 302
    db.session.expire_all()
    assert _suggest(runner, "Chi bộ đã hoàn thành QWZX trong quý.")[0] == task.code
    assert suggest_for_document(report, 3, plan_service.latest_plan())[0][0].code == task.code
