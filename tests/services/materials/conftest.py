"""Fixtures for the materials tests: a material factory through the real service, and two extra members."""

import pytest

from portal.extensions import db
from portal.services import accounts
from portal.services import materials as service

PASSWORD = "Mat-khau-thu-nghiem-2026"
BODY = "# Quán triệt Chỉ thị 21-CT/TU\n\nĐảng viên **nắm vững** nhiệm vụ cải cách hành chính."


@pytest.fixture
def make_material(app, users):
    """Create (and by default publish) a material as the secretariat user."""

    def _make(title="Tài liệu quán triệt Kế hoạch cải cách hành chính", *, body=BODY, publish=True, **fields):
        data = {"title": title, "body_md": body, **fields}
        material = service.save_material(data, users["secretariat"])
        if publish:
            service.publish(material, users["secretariat"])
        return material

    return _make


@pytest.fixture
def extra_members(app, users):
    """Two more members of CB-A (one inactive) and one of CB-B, for rate arithmetic."""
    made = {
        "member_a2": accounts.create_user(
            "member_a2", PASSWORD, ["member"], unit_code="CB-A", full_name="Đồng chí Lê Thị Ánh"
        ),
        "member_b2": accounts.create_user(
            "member_b2", PASSWORD, ["member"], unit_code="CB-B", full_name="Đồng chí Hà Văn Bảo"
        ),
        "gone": accounts.create_user("gone_a", PASSWORD, ["member"], unit_code="CB-A", full_name="Đồng chí Đã Nghỉ"),
    }
    made["gone"].is_active = False
    db.session.commit()
    return made
