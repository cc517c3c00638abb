"""Fixtures for the reporting tests: a small plan, a period with slots for CB-A and CB-B, report files."""

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Plan, PlanArea, PlanTarget, PlanTask
from portal.web import today_local

AREAS = [
    (
        "II.1",
        "Lãnh đạo cải cách thể chế",
        [
            (
                "II.1.1",
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa đổi, bổ sung",
            ),
            ("II.1.2", "Lấy ý kiến đối tượng chịu tác động của dự thảo văn bản quy phạm pháp luật"),
        ],
        [],
    ),
    (
        "II.2",
        "Lãnh đạo cải cách thủ tục hành chính",
        [
            (
                "II.2.1",
                "Cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            ),
        ],
        [
            ("II.2.T1", "100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình", 100.0, "%"),
            ("II.2.T2", "95% hồ sơ hành chính được xử lý hoàn toàn trên môi trường mạng", 95.0, "%"),
        ],
    ),
]

REPORT_A = """CHI BỘ HÀNH CHÍNH - QUẢN TRỊ

BÁO CÁO
kết quả thực hiện công tác cải cách hành chính quý IV

Chi bộ Hành chính - Quản trị báo cáo kết quả thực hiện như sau:

1. Thể chế: Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa đổi, bổ sung 03 văn bản.

2. Dịch vụ công: Tham mưu cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành chính; số hóa 92% hồ sơ, kết quả giải quyết.

Nơi nhận:
- Đảng ủy Văn phòng,
- Lưu Chi bộ.
"""


@pytest.fixture
def plan(app):
    """A two-area plan with three tasks and two targets."""
    plan = Plan(title="lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030", number="12-KH/ĐU")
    db.session.add(plan)
    db.session.flush()
    for i, (code, title, tasks, targets) in enumerate(AREAS, start=1):
        area = PlanArea(plan_id=plan.id, code=code, ordinal=i, title=title)
        db.session.add(area)
        db.session.flush()
        for j, (tcode, text) in enumerate(tasks, start=1):
            db.session.add(PlanTask(plan_id=plan.id, area_id=area.id, code=tcode, ordinal=j, text=text))
        for j, (tcode, text, value, unit) in enumerate(targets, start=1):
            db.session.add(
                PlanTarget(
                    plan_id=plan.id,
                    area_id=area.id,
                    code=tcode,
                    ordinal=j,
                    text=text,
                    value=value,
                    unit=unit,
                    year=2030,
                )
            )
    db.session.commit()
    return plan


@pytest.fixture
def open_period(app, users, plan):
    """A function opening a period (as the secretariat) with a deadline `days` from today."""
    from portal.services import reporting

    def _open(days=10, **kwargs):
        kwargs.setdefault("title", "Báo cáo quý IV năm 2026")
        kwargs.setdefault("kind", "quy")
        kwargs.setdefault("target_codes", ["II.2.T1", "II.2.T2"])
        return reporting.open_period(users["secretariat"], deadline=today_local() + timedelta(days=days), **kwargs)

    return _open


@pytest.fixture
def report_file(tmp_path):
    """A function writing a report text file and returning its path."""
    counter = {"n": 0}

    def _write(text=REPORT_A, name=None):
        counter["n"] += 1
        path = tmp_path / (name or f"bao-cao-{counter['n']}.txt")
        path.write_text(text + f"\n\nBản số {counter['n']}.", encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def submit(users, report_file):
    """A function submitting a report for a period as a user (default: the CB-A secretary)."""
    from portal.services import reporting

    def _submit(period, user="secretary", text=REPORT_A, **kwargs):
        path = report_file(text)
        return reporting.submit_report(period.id, users[user], path, "bao-cao-quy-4.txt", **kwargs)

    return _submit
