"""Backups: a consistent online snapshot of the database, the uploaded files with SHA-256 checksums, the index settings.

Layout of a backup (a folder, or the same folder inside a ``.tar``)::

    manifest.json        format, time, database dialect, alembic revision, files [{name, sha256, size}], index meta
    database.sqlite3     SQLite online backup API (consistent while the portal runs)   -- or --
    database.dump        pg_dump custom format, taken in an exported snapshot that also lists the files
    files/<name>         every stored file the snapshot names
    index/meta.json      the live index generation's settings (analyzer version); the index itself is rebuilt

A backup is written into a temporary sibling and renamed into place, so a half-written backup never carries the
final name. Restore verifies every checksum before it touches anything, refuses a non-empty portal unless forced,
restores the database and the files, rebuilds the index and ends with `integrity.check()`.
"""

import glob
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump/pg_restore run with fixed argument lists, no shell
import tarfile
import tempfile
import time
import uuid

from sqlalchemy import func, inspect, select, text

from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.services import storage

from . import integrity

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
VERSIONS_SQL = "SELECT storage_name, sha256, size FROM document_versions ORDER BY id"


# --- helpers -------------------------------------------------------------------------------------------------------


def _url():
    return db.engine.url


def _dialect():
    return _url().get_backend_name()


def _sqlite_path():
    """Absolute path of the SQLite database file."""
    database = _url().database
    if not database or database == ":memory:":
        raise ValidationFailed("Không sao lưu được cơ sở dữ liệu SQLite trong bộ nhớ.")
    return os.path.abspath(database)


def _pg_tool(name):
    """Path of pg_dump/pg_restore: the newest Debian version, else PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]), reverse=True)
    path = found[0] if found else shutil.which(name)
    if not path:
        raise ValidationFailed(f"Không tìm thấy chương trình {name}; cần cài gói postgresql-client.")
    return path


def _pg_env():
    """libpq environment for the configured database (the password never appears on a command line)."""
    url = _url()
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[key] = str(value)
    return env


def _run(cmd, env=None):
    """Run a PostgreSQL client program; a failure becomes a Vietnamese error with its stderr."""
    # fixed argv of the PostgreSQL client tools, no shell, password only in the environment
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=3600)  # nosec B603
    if done.returncode != 0:
        raise ValidationFailed(f"{os.path.basename(cmd[0])} thất bại: {done.stderr.strip()[-500:]}")
    return done


def _copy_verified(src, dst, sha256):
    """Copy a file and check its SHA-256; returns True when it matches."""
    shutil.copyfile(src, dst)
    return storage.sha256_of(dst) == sha256


def _index_meta():
    """The live index generation's settings (analyzer version), or {}; through the search package's API."""
    from portal.search import service

    try:
        return service.index_meta()
    except Exception:  # noqa: BLE001 - the index is derived; a backup never fails because of its settings
        return {}


def _alembic_revision():
    try:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # noqa: BLE001 - an unmigrated database has no revision
        db.session.rollback()
        return None


# --- create --------------------------------------------------------------------------------------------------------


def _snapshot_sqlite(folder):
    """Online backup API into folder/database.sqlite3; returns the file rows named by the snapshot."""
    target = os.path.join(folder, SQLITE_FILE)
    source = sqlite3.connect(_sqlite_path())
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        rows = dest.execute(VERSIONS_SQL).fetchall()
    finally:
        dest.close()
        source.close()
    return rows


def _snapshot_postgres(folder):
    """pg_dump (custom format) inside an exported snapshot; the file list is read in the same snapshot."""
    import psycopg

    url = _url()
    conninfo = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        rows = conn.execute(VERSIONS_SQL).fetchall()
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                "--file",
                os.path.join(folder, PG_FILE),
            ],
            env=_pg_env(),
        )
        conn.rollback()
    return rows


def create(path, progress=None):
    """Write a backup to `path` (a folder, or a .tar file); returns the manifest (with any files that were missing)."""
    path = os.path.abspath(path)
    if os.path.exists(path):
        raise Conflict(f"Đích sao lưu {path} đã tồn tại; hãy chọn tên khác.")
    parent = os.path.dirname(path)
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".backup-", dir=parent)
    try:
        manifest = _fill(work, progress)
        _publish(work, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _fill(work, progress):
    """Database snapshot, files and manifest into the work folder."""
    dialect = _dialect()
    rows = _snapshot_postgres(work) if dialect == "postgresql" else _snapshot_sqlite(work)
    os.makedirs(os.path.join(work, "files"))
    files, missing, corrupt = [], [], []
    for name, sha256, size in rows:
        src = storage.path_for(name)
        if not os.path.isfile(src):
            missing.append(name)
            continue
        if not _copy_verified(src, os.path.join(work, "files", name), sha256):
            corrupt.append(name)
        files.append({"name": name, "sha256": sha256, "size": size})
        if progress:
            progress(len(files))
    meta = _index_meta()
    os.makedirs(os.path.join(work, "index"))
    with open(os.path.join(work, "index", "meta.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False)
    manifest = {
        "format": FORMAT,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "dialect": dialect,
        "database": PG_FILE if dialect == "postgresql" else SQLITE_FILE,
        "alembic_revision": _alembic_revision(),
        "files": files,
        "missing": missing,
        "corrupt": corrupt,
        "index": meta,
    }
    with open(os.path.join(work, MANIFEST), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    return manifest


def _publish(work, path):
    """Rename the finished folder into place, or pack it into a .tar written beside and renamed."""
    if path.endswith(".tar"):
        temp = f"{path}.tmp-{uuid.uuid4().hex[:6]}"
        with tarfile.open(temp, "w") as tar:
            for entry in sorted(os.listdir(work)):
                tar.add(os.path.join(work, entry), arcname=entry)
        os.replace(temp, path)
    else:
        os.rename(work, path)
        os.makedirs(work)  # the caller's cleanup removes this empty stand-in


# --- restore -------------------------------------------------------------------------------------------------------


def _open_backup(path, scratch):
    """The folder holding the backup (a .tar is unpacked safely into scratch)."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return path
    if not tarfile.is_tarfile(path):
        raise ValidationFailed(f"{path} không phải bản sao lưu (thư mục hoặc tệp .tar).")
    with tarfile.open(path) as tar:
        tar.extractall(scratch, filter="data")  # "data" filter: no links, nothing outside
    return scratch


def read_manifest(folder):
    """The manifest, checked for a format we understand."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError) as error:
        raise ValidationFailed("Bản sao lưu thiếu hoặc hỏng tệp manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise ValidationFailed("Bản sao lưu có định dạng không được hỗ trợ.")
    return manifest


def verify(folder, manifest):
    """Every file of the backup against its checksum; ValidationFailed listing the bad ones."""
    bad = []
    for item in manifest["files"]:
        if not storage.is_storage_name(item["name"]):
            bad.append(item["name"])
            continue
        candidate = os.path.join(folder, "files", item["name"])
        if not os.path.isfile(candidate) or storage.sha256_of(candidate) != item["sha256"]:
            bad.append(item["name"])
    if not os.path.isfile(os.path.join(folder, manifest["database"])):
        bad.append(manifest["database"])
    if bad:
        raise ValidationFailed(
            f"Bản sao lưu hỏng: {len(bad)} tệp sai mã kiểm tra hoặc bị thiếu ({', '.join(bad[:5])})."
        )


def portal_is_empty():
    """True when the database holds no users or documents and the store holds no files."""
    tables = set(inspect(db.engine).get_table_names())
    for table in ("users", "documents"):
        if table in tables and db.session.scalar(select(func.count()).select_from(text(table))):
            db.session.rollback()
            return False
    db.session.rollback()
    return next(storage.iter_stored(), None) is None


def restore(path, force=False):
    """Rebuild the portal from a backup; returns the final `integrity.check()` report."""
    scratch = tempfile.mkdtemp(prefix=".restore-", dir=os.path.dirname(os.path.abspath(path)))
    try:
        folder = _open_backup(path, scratch)
        manifest = read_manifest(folder)
        if manifest["dialect"] != _dialect():
            raise ValidationFailed(f"Bản sao lưu là của {manifest['dialect']}, cổng thông tin đang dùng {_dialect()}.")
        verify(folder, manifest)
        if not force and not portal_is_empty():
            raise Conflict("Cổng thông tin đích đã có dữ liệu; thêm --force để ghi đè (nên sao lưu trước).")
        _restore_database(folder, manifest)
        _restore_files(folder, manifest)
        _rebuild_index()
        return integrity.check(repair=True, grace_seconds=0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _restore_database(folder, manifest):
    """Replace the database's content with the snapshot."""
    db.session.remove()
    db.engine.dispose()
    if manifest["dialect"] == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                _pg_env()["PGDATABASE"],
                os.path.join(folder, PG_FILE),
            ],
            env=_pg_env(),
        )
    else:
        source = sqlite3.connect(os.path.join(folder, SQLITE_FILE))
        target = sqlite3.connect(_sqlite_path())
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    db.engine.dispose()


def _restore_files(folder, manifest):
    """Put every file back under its name (temp + fsync + rename); files the snapshot does not name are quarantined."""
    wanted = {item["name"] for item in manifest["files"]}
    for name, stored_path in list(storage.iter_stored()):
        if name not in wanted:
            integrity.move_to_quarantine(stored_path)
    for item in manifest["files"]:
        final = storage.path_for(item["name"])
        os.makedirs(os.path.dirname(final), exist_ok=True)
        temp = os.path.join(os.path.dirname(final), f".{item['name']}.tmp")
        shutil.copyfile(os.path.join(folder, "files", item["name"]), temp)
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, final)


def _rebuild_index():
    """The index is derived: rebuild it from the restored database, then drain the restored job queue."""
    from portal.search import jobs, service

    service.rebuild_all()
    jobs.apply_pending(lock_timeout=5.0)  # the index kind, run now through the job mechanism
