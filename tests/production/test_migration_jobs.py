"""Migration 0002_jobs: index jobs queued before the upgrade become jobs of the one mechanism, and come back on downgrade."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db


def test_pending_index_jobs_survive_the_upgrade_and_the_downgrade(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
            "INDEX_DIR": str(tmp_path / "idx"),
            "UPLOAD_DIR": str(tmp_path / "up"),
        }
    )
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO index_jobs (kind, object_id, action, created_at, attempts) VALUES "
                    "('document', 12, 'upsert', '2026-11-30 01:00:00', 2), "
                    "('material', 3, 'delete', '2026-11-30 01:05:00', 0)"
                )
            )
        upgrade(revision="0002_jobs")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT kind, payload, status FROM jobs ORDER BY id")).all()
        assert [(k, s) for k, _, s in rows] == [("search.index", "pending"), ("search.index", "pending")]
        assert '"id": 12' in rows[0][1] and '"action": "delete"' in rows[1][1]
        downgrade(revision="-1")  # one step back: just before this migration
        with db.engine.connect() as conn:
            back = conn.execute(text("SELECT kind, object_id, action FROM index_jobs ORDER BY id")).all()
        assert [tuple(r) for r in back] == [("document", 12, "upsert"), ("material", 3, "delete")]
        db.engine.dispose()
