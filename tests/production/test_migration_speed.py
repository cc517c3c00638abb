"""Migration 0005_speed applies to a database in use (users referenced by documents and audit rows) and back."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db


def test_upgrade_keeps_users_that_other_rows_point_at(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
            "INDEX_DIR": str(tmp_path / "i"),
            "UPLOAD_DIR": str(tmp_path / "u"),
        }
    )
    with app.app_context():
        upgrade(revision="0008_synonyms")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, full_name, password_hash, is_active, session_token, created_at)"
                    " VALUES (1, 'cu', 'Người cũ', 'pbkdf2:sha256:1000$a$b', 1, 'x', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO documents (id, title, doc_type, is_draft, secrecy, urgency, visibility, created_by_id,"
                    " created_at, updated_at) VALUES (1, 'Văn bản', 'khac', 0, 'thuong', 'thuong', 'all', 1,"
                    " '2026-01-01', '2026-01-01')"
                )
            )
        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("users")}
        assert {"must_change_password", "totp_secret", "totp_enabled_at", "totp_last_step"} <= columns
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT must_change_password FROM users WHERE id = 1")).scalar() in (0, False)
        downgrade(revision="0008_synonyms")
        assert "totp_secret" not in {c["name"] for c in inspect(db.engine).get_columns("users")}
        db.engine.dispose()
