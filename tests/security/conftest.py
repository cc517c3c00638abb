"""Security fixtures: a world of real objects (documents of two branches, leadership-only, secret, a period with
slots, a material for one unit, a finding), with an XSS payload in every text field and file name."""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from pg_cluster import pg_server, pg_url  # noqa: E402,F401  (fixtures, for tests that need PostgreSQL)

XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
from security_markers import RAW_MARKERS, XSS_FILE  # noqa: E402,F401


@dataclass
class World:
    """Ids of the objects the access table points its URLs at."""

    doc_public: int = 0
    doc_a: int = 0
    doc_b: int = 0
    doc_lead: int = 0
    doc_secret: int = 0
    version: dict = field(default_factory=dict)  # document id -> version id
    material_a: int = 0
    period: int = 0
    slot_a: int = 0
    slot_b: int = 0
    finding: int = 0
    user_member: int = 0


def _upload(tmp_path, user, text, name, **options):
    from portal.services import documents

    path = tmp_path / f"w-{len(os.listdir(tmp_path))}.txt"
    path.write_text(text, encoding="utf-8")
    metadata = {
        "title": f"{options.pop('title', 'Văn bản')} {XSS}",
        "issuer": f"Đảng ủy {XSS}",
        "summary": f"Trích yếu {XSS}",
    }
    return documents.upload_document(
        str(path), name, user=user, metadata=metadata, apply_index=True, **options
    ).document


@pytest.fixture
def world(app, users, tmp_path):
    """Create the objects every access/XSS test points at."""
    from portal.extensions import db
    from portal.services import accounts, materials, reporting
    from portal.services.reporting import findings

    files = tmp_path / "world"
    files.mkdir()
    w = World(user_member=users["member"].id)
    w.doc_public = _upload(files, users["admin"], "Nghị quyết công khai chuyển đổi số", XSS_FILE, title="Công khai").id
    w.doc_a = _upload(
        files, users["secretary"], "Biên bản chi bộ A sinh hoạt", "bien-ban-a.txt", visibility="units", title="Chi bộ A"
    ).id
    w.doc_b = _upload(
        files,
        users["secretary_b"],
        "Biên bản chi bộ B sinh hoạt",
        "../../etc/passwd",
        visibility="units",
        title="Chi bộ B",
    ).id
    w.doc_lead = _upload(
        files,
        users["admin"],
        "Thông báo nhân sự chỉ lãnh đạo",
        "lanh-dao.txt",
        visibility="leadership",
        title="Lãnh đạo",
    ).id
    path = files / "mat.txt"
    path.write_text("Văn bản mật của chi bộ A", encoding="utf-8")
    from portal.services import documents

    secret = documents.upload_document(
        str(path),
        "mat.txt",
        user=users["secretary"],
        apply_index=True,
        metadata={"title": "Văn bản mật", "secrecy": "mat"},
        visibility="all",
    ).document
    w.doc_secret = secret.id
    from portal.models import Document

    for doc_id in (w.doc_public, w.doc_a, w.doc_b, w.doc_lead, w.doc_secret):
        w.version[doc_id] = db.session.get(Document, doc_id).current_version.id
    material = materials.save_material(
        {
            "title": f"Tài liệu quán triệt {XSS}",
            "summary": f"Tóm tắt {XSS}",
            "body_md": f"# Nội dung\n\n{XSS}\n\n[x](javascript:alert(1))",
            "audience": "units",
            "unit_codes": "CB-A",
        },
        users["secretariat"],
    )
    materials.publish(material, users["secretariat"])
    w.material_a = material.id
    period = reporting.open_period(
        users["secretariat"],
        title=f"Đợt báo cáo {XSS}",
        kind="quy",
        deadline=date.today() + timedelta(days=10),
        unit_codes=["CB-A", "CB-B"],
    )
    w.period = period.id
    for slot in period.slots:
        if slot.unit.code == "CB-A":
            w.slot_a = slot.id
        else:
            w.slot_b = slot.id
    w.finding = findings.create_finding(
        users["inspector"], unit_code="CB-A", title=f"Kết luận {XSS}", content=f"Nội dung {XSS}", found_on=date.today()
    ).id
    accounts.update_user(users["member_b"], full_name=f"Đồng chí {XSS}", actor=users["admin"])
    db.session.remove()
    return w
