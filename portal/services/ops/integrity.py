"""`flask check`: stored files against their SHA-256, missing and orphaned files, database against index, jobs.

`check(repair=False)` returns ``{"problems": [...], "repaired": [...]}``; each problem has a ``code``, a Vietnamese
``message``, the ``object`` it concerns and whether it is ``repairable``. Repair never deletes: orphaned files are moved
to a quarantine folder, the index is re-queued or rebuilt; missing or corrupt files are reported as not repairable
(restore them from a backup).
"""

import os
import shutil
import time
from dataclasses import asdict, dataclass

from flask import current_app
from sqlalchemy import exists, select

from portal.extensions import db
from portal.models import Document, DocumentVersion
from portal.services import storage

QUARANTINE = ".quarantine"
DEFAULT_GRACE_SECONDS = 600


@dataclass
class Problem:
    """One thing wrong, in words an operator understands."""

    code: str
    message: str
    object: str = ""
    repairable: bool = False


def quarantine_dir():
    """Where orphaned files go (inside UPLOAD_DIR, under names the store never yields again)."""
    return os.path.join(storage.upload_dir(), QUARANTINE)


def _age(path):
    try:
        return time.time() - os.path.getmtime(path)
    except OSError:
        return 0


# --- files ---------------------------------------------------------------------------------------------------------


def _stored_versions():
    """storage_name -> (sha256, size, document id) of every stored version in the database."""
    rows = db.session.execute(
        select(DocumentVersion.storage_name, DocumentVersion.sha256, DocumentVersion.size, DocumentVersion.document_id)
    )
    return {name: (sha, size, doc_id) for name, sha, size, doc_id in rows}


def check_files(grace_seconds=DEFAULT_GRACE_SECONDS):
    """Problems with the upload store: missing, corrupt, orphaned and leftover temp files."""
    problems = []
    known = _stored_versions()
    for name, (sha, size, doc_id) in sorted(known.items()):
        path = storage.path_for(name)
        if not os.path.isfile(path):
            problems.append(
                Problem(
                    "file_missing",
                    f"Thiếu tệp {name} của văn bản số {doc_id} trong kho lưu trữ; cần khôi phục từ bản sao lưu.",
                    f"document:{doc_id}",
                )
            )
        elif os.path.getsize(path) != size or storage.sha256_of(path) != sha:
            problems.append(
                Problem(
                    "file_corrupt",
                    f"Tệp {name} của văn bản số {doc_id} bị hỏng (mã SHA-256 không "
                    "khớp); cần khôi phục từ bản sao lưu.",
                    f"document:{doc_id}",
                )
            )
    for name, path in storage.iter_stored():
        if name not in known and QUARANTINE not in path.split(os.sep):
            recent = _age(path) < grace_seconds
            note = " (mới ghi, có thể đang tải lên; chưa cách ly)" if recent else ""
            problems.append(
                Problem(
                    "file_orphaned",
                    f"Tệp {name} trong kho không thuộc văn bản nào{note}.",
                    f"file:{name}",
                    repairable=not recent,
                )
            )
    for path in storage.iter_temp_files():
        if QUARANTINE not in path.split(os.sep) and _age(path) >= grace_seconds:
            problems.append(
                Problem(
                    "file_temp",
                    f"Tệp tạm còn sót lại sau một lần ghi bị gián đoạn: {os.path.basename(path)}.",
                    f"temp:{path}",
                    repairable=True,
                )
            )
    return problems


def move_to_quarantine(path):
    """Move a file into the quarantine folder (never delete); returns the new path."""
    folder = os.path.join(quarantine_dir(), time.strftime("%Y%m%d"))
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, os.path.basename(path).lstrip(".") + ".orphan")
    shutil.move(path, target)
    return target


def check_documents():
    """Documents with no stored version (half-stored): never repairable automatically."""
    has_version = exists().where(DocumentVersion.document_id == Document.id)
    ids = db.session.scalars(select(Document.id).where(~has_version)).all()
    return [
        Problem("document_without_file", f"Văn bản số {i} không có tệp nào (lưu dở dang).", f"document:{i}")
        for i in ids
    ]


# --- index ---------------------------------------------------------------------------------------------------------


def check_index(repair=False):
    """Database against the search index (via the search service), pending jobs, analyzer version."""
    from portal.search import service

    problems, repaired = [], []
    try:
        manager = service.get_manager()
        if manager.needs_rebuild:
            if not repair:
                return [
                    Problem(
                        "index_outdated",
                        "Chỉ mục tìm kiếm được tạo bởi phiên bản bộ phân tích khác; cần chạy «flask search reindex».",
                        "index",
                        True,
                    )
                ], []
            service.rebuild_all()
            repaired.append(Problem("index_rebuilt", "Đã dựng lại toàn bộ chỉ mục tìm kiếm.", "index"))
        report = service.check(repair=repair)
    except Exception as error:  # noqa: BLE001 - an unreadable index is a problem to report, and to rebuild
        if not repair:
            return [
                Problem(
                    "index_unavailable",
                    f"Không đọc được chỉ mục tìm kiếm ({type(error).__name__}); cần dựng lại.",
                    "index",
                    True,
                )
            ], []
        db.session.rollback()
        service.rebuild_all()
        repaired.append(Problem("index_rebuilt", "Chỉ mục không đọc được nên đã được dựng lại.", "index"))
        report = service.check(repair=True)
    labels = {
        "missing": ("index_missing", "chưa có trong chỉ mục tìm kiếm"),
        "stale": ("index_stale", "trong chỉ mục tìm kiếm đã cũ so với cơ sở dữ liệu"),
        "orphaned": ("index_orphaned", "còn trong chỉ mục nhưng không còn trong cơ sở dữ liệu"),
    }
    for key, (code, words) in labels.items():
        for index_id in report[key]:
            problems.append(Problem(code, f"{_object_label(index_id)} {words}.", index_id, True))
    if report["pending"]:
        problems.append(
            Problem(
                "index_pending",
                f"Còn {report['pending']} việc cập nhật chỉ mục đang chờ (chỉ mục có "
                "thể đang bị khóa; tiến trình chạy việc nền «flask worker» sẽ xử lý).",
                "jobs:search.index",
                True,
            )
        )
    return problems, repaired


def _object_label(index_id):
    kind, _, number = index_id.partition(":")
    return {"document": "Văn bản", "material": "Tài liệu"}.get(kind, kind) + f" số {number}"


# --- background jobs -----------------------------------------------------------------------------------------------


def check_jobs():
    """Failed jobs (waiting for someone to retry them) and jobs whose runner's lease ran out (a runner died or hangs)."""
    from portal.services import jobs

    problems = [
        Problem(
            "job_failed",
            f"Việc nền #{job.id} ({jobs.label(job.kind)}) thất bại sau {job.attempts} lần: "
            f"{(job.last_error or '').splitlines()[-1][:300] if job.last_error else 'không rõ lỗi'} "
            "(chạy lại trong trang Quản trị › Việc nền, hoặc «flask jobs retry».)",
            f"job:{job.id}",
        )
        for job in jobs.failed_jobs()
    ]
    problems += [
        Problem(
            "job_stuck",
            f"Việc nền #{job.id} ({jobs.label(job.kind)}) quá thời hạn giữ việc của tiến trình "
            f"{job.locked_by or '?'}; tiến trình đó có thể đã dừng. Việc sẽ được nhận lại khi có tiến trình chạy việc "
            "nền (trang web hoặc «flask worker»).",
            f"job:{job.id}",
        )
        for job in jobs.stuck_jobs()
    ]
    return problems


# --- the whole check -----------------------------------------------------------------------------------------------


def _repair_files(problems):
    """Quarantine orphaned and temp files; returns what was repaired."""
    repaired = []
    for problem in problems:
        if not problem.repairable or problem.code not in ("file_orphaned", "file_temp"):
            continue
        kind, _, ref = problem.object.partition(":")
        path = storage.path_for(ref) if kind == "file" else ref
        target = move_to_quarantine(path)
        repaired.append(
            Problem(problem.code, f"Đã chuyển {os.path.basename(path)} vào thư mục cách ly {target}.", problem.object)
        )
    return repaired


def check(repair=False, grace_seconds=None):
    """Run every check; with `repair`, fix what can be fixed and check again. Returns {"problems", "repaired"}."""
    if grace_seconds is None:
        grace_seconds = current_app.config.get("CHECK_ORPHAN_GRACE_SECONDS", DEFAULT_GRACE_SECONDS)
    file_problems = check_files(grace_seconds) + check_documents()
    index_problems, repaired = check_index(repair=False)
    if repair:
        _, repaired = check_index(repair=True)
        repaired += _repair_files(file_problems)
        found_before = [p for p in index_problems if p.repairable]
        file_problems = check_files(grace_seconds) + check_documents()
        index_problems, _ = check_index(repair=False)
        still = {(p.code, p.object) for p in index_problems}
        repaired += [p for p in found_before if (p.code, p.object) not in still]
    problems = file_problems + index_problems + check_jobs()
    return {"problems": [asdict(p) for p in problems], "repaired": [asdict(p) for p in repaired]}
