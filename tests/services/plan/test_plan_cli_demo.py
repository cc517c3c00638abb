"""flask plan import / suggest (docs/INTERFACES.md shapes) and the idempotent demo step."""

import json

from plan_web_paths import PLAN_PATH  # noqa: F401


def test_plan_import_json_shape(runner, users):
    result = runner.invoke(args=["plan", "import", PLAN_PATH, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"plan_id", "document_id", "number", "issued_on", "areas", "assignments"}
    assert data["number"] is None and data["issued_on"] is None  # a draft: "Số - KH/ĐU", "ngày tháng 5 năm 2026"
    assert [a["code"] for a in data["areas"]] == [f"II.{i}" for i in range(1, 7)]
    assert [len(a["tasks"]) for a in data["areas"]] == [8, 4, 4, 6, 5, 13]
    assert [len(a["targets"]) for a in data["areas"]] == [0, 4, 2, 2, 2, 0]
    target = data["areas"][1]["targets"][2]
    assert target == {"code": "II.2.T3", "text": target["text"], "value": 30.0, "unit": "%", "year": 2030}
    assert set(data["areas"][0]["tasks"][0]) == {"code", "text"}
    assert [a["code"] for a in data["assignments"]] == ["III.1", "III.2", "III.3", "III.4"]
    assert set(data["assignments"][0]) == {"code", "unit", "text"}
    again = json.loads(runner.invoke(args=["plan", "import", PLAN_PATH, "--json"]).stdout)
    assert again["plan_id"] == data["plan_id"] and again["document_id"] == data["document_id"]


def test_plan_suggest_json(runner):
    runner.invoke(args=["plan", "import", PLAN_PATH])
    result = runner.invoke(
        args=[
            "plan",
            "suggest",
            "--text",
            "100% công chức của phòng tham gia lớp bồi dưỡng kỹ năng số, khai thác nền tảng số",
            "--limit",
            "3",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.stdout)
    assert len(ranked) == 3 and set(ranked[0]) == {"code", "score", "text"}
    assert ranked[0]["score"] >= ranked[1]["score"] >= ranked[2]["score"]
    assert any(r["code"].startswith("II.6.") or r["code"].startswith("II.4.") for r in ranked)


def test_plan_suggest_needs_text_or_document(runner):
    runner.invoke(args=["plan", "import", PLAN_PATH])
    result = runner.invoke(args=["plan", "suggest", "--json"])
    assert result.exit_code != 0 and "--text" in result.output


def test_demo_plan_step_is_idempotent(app):
    from portal.demo import org
    from portal.demo import plan as demo_plan
    from portal.services import plan as plan_service

    org.load(lambda *_: None)
    lines = []
    demo_plan.load(lines.append)
    demo_plan.load(lines.append)
    assert len(plan_service.all_plans()) == 1
    gaps = plan_service.plan_gaps(plan_service.latest_plan())
    assert 0 < gaps["complete"] < gaps["total"] == 40
    assert "sửa 0 nhiệm vụ" in lines[1]
