"""Target charts read at a glance: a time axis up to 2030, the target as a line, labels apart, a legend that wraps,
numbers with a decimal comma; evidence named by number and title, and linked only for those who may see it."""

import re
from xml.etree import ElementTree

from portal.extensions import db
from portal.services import plan as plan_service

REPORT = "Chi bộ lãnh đạo số hóa hồ sơ; tỷ lệ hồ sơ xử lý trên môi trường mạng đạt 87,5%."


def _texts(svg):
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return [(float(t.get("x")), float(t.get("y")), t.text or "") for t in root.iter(ns + "text")]


def test_the_chart_has_a_time_axis_a_target_line_and_labels_apart(plan, doc_row, users):
    target = plan_service.target_by_code("II.2.T2", plan)
    evidence = doc_row(REPORT, title="Báo cáo số liệu", unit="CB-A", user="secretary")
    units = {"CB-A": users["secretary"].unit, "CB-B": users["secretary_b"].unit}
    plan_service.write_target_value(
        target, units["CB-A"].id, "87,5", user=users["admin"], evidence_document_id=evidence.id
    )
    plan_service.write_target_value(
        target, units["CB-B"].id, "88", user=users["admin"], evidence_document_id=evidence.id
    )
    db.session.commit()
    svg = plan_service.target_chart_svg(target)
    texts = _texts(svg)
    words = [t for _x, _y, t in texts]
    assert {"2026", "2027", "2028", "2029", "2030"} <= set(words)  # the time axis reaches the target year
    assert "Mục tiêu 2030: 95%" in words and "87,5" in words and "88" in words
    assert not any(re.search(r"\d\.\d", w) for w in words)  # never a decimal point
    values = [(x, y) for x, y, t in texts if t in ("87,5", "88")]
    assert abs(values[0][1] - values[1][1]) >= 12  # same day, close values: labels moved apart
    assert 'stroke-dasharray="8 4"' in svg  # the 2030 target as a line


def test_a_long_legend_wraps_instead_of_printing_over_itself():
    from portal.services.plan.targets import _legend

    names = [(f"Chi bộ Trung tâm Tin học - Công báo số {i}", "#000") for i in range(5)]
    placed, rows = _legend(names, 56, 700, 0)
    assert rows > 1
    for (x1, y1, text, _c), (x2, y2, _t, _c2) in zip(placed, placed[1:], strict=False):
        if y1 == y2:
            assert x2 >= x1 + 6.2 * len(text)  # the next item starts after this one's text


def test_evidence_is_named_and_linked_only_for_those_who_may_see_it(plan, doc_row, users, client, login_as):
    target = plan_service.target_by_code("II.2.T2", plan)
    secret = doc_row(REPORT, title="Báo cáo nội bộ chi bộ", unit="CB-A", user="secretary", visibility="units")
    secret.number = "07-BC/CB"
    plan_service.write_target_value(
        target, users["secretary"].unit.id, "87,5", user=users["admin"], evidence_document_id=secret.id
    )
    db.session.commit()
    login_as("secretary")
    page = client.get("/plan/targets/II.2.T2").get_data(as_text=True)
    assert f'href="/documents/{secret.id}">07-BC/CB Báo cáo nội bộ chi bộ</a>' in page
    assert "87,5%" in page
    client.post("/auth/logout")
    login_as("member_b")
    page = client.get("/plan/targets/II.2.T2").get_data(as_text=True)
    assert f"/documents/{secret.id}" not in page and "Báo cáo nội bộ chi bộ" not in page
    assert "không thuộc phạm vi đồng chí được xem" in page
