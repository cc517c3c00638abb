"""Migrations apply cleanly on an empty database, and the models match them (no autogenerate diff), on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db


def _migrated_app(url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "INDEX_DIR": str(tmp_path / "idx"),
            "UPLOAD_DIR": str(tmp_path / "up"),
        }
    )
    with app.app_context():
        upgrade()
    return app


def _drift(app):
    """Differences alembic autogenerate would write between the migrated database and the models."""
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            diffs = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return diffs


def _tables(app):
    with app.app_context():
        names = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    return names


def test_sqlite_migrations_apply_and_match_models(tmp_path):
    app = _migrated_app(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path)
    assert set(db.metadata.tables) <= _tables(app)
    assert _drift(app) == []


@pytest.mark.postgres
def test_postgres_migrations_apply_and_match_models(pg_url, tmp_path):
    app = _migrated_app(pg_url, tmp_path)
    assert set(db.metadata.tables) <= _tables(app)
    assert _drift(app) == []


@pytest.mark.postgres
def test_postgres_upgrade_via_cli(pg_url, tmp_path):
    """`flask db upgrade` (the operator's command) on an empty PostgreSQL database, twice (idempotent)."""
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(
        os.environ,
        FLASK_APP="portal",
        PORTAL_DATABASE_URL=pg_url,
        PORTAL_INDEX_DIR=str(tmp_path / "i"),
        PORTAL_UPLOAD_DIR=str(tmp_path / "u"),
    )
    flask = [sys.executable, "-m", "flask"]
    for _ in range(2):
        done = subprocess.run([*flask, "db", "upgrade"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    current = subprocess.run([*flask, "db", "current"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert "(head)" in current.stdout  # every migration applied, whatever the head revision is called
