"""flask documents import: files and folders through the same upload service as the web form and the API."""

import os
import sys
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import PortalError
from ..extensions import db
from ..models import DOC_TYPES
from .common import acting_user, emit_json, fail

EXTRACT_WORKERS = 2
PREPARE_AHEAD = 4


@click.group("documents")
def group():
    """Văn bản: nhập hàng loạt."""


def _walk(paths):
    """Files under the given paths, folders walked in sorted order; hidden files skipped."""
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield path


def _row(path, result=None, error=None):
    """One line of the --json answer (docs/INTERFACES.md)."""
    doc = result.document if result else None
    return {
        "path": path,
        "status": result.status if result else "rejected",
        "id": doc.id if doc else None,
        "number": doc.number if doc else None,
        "type": doc.doc_type if doc else None,
        "title": doc.display_title if doc else None,
        "issued_on": doc.issued_on.isoformat() if doc and doc.issued_on else None,
        "error": error,
    }


def import_one(path, user, options, prepared=None):
    """Upload one file; a refusal or an unexpected error becomes a 'rejected' row, never a stop."""
    from portal.services import documents

    if not os.path.isfile(path):
        return _row(path, error="Không tìm thấy tệp.")
    try:
        if prepared is None:
            result = documents.upload_document(path, os.path.basename(path), user=user, source="cli", **options)
        else:
            result = documents.upload_prepared(prepared, user=user, source="cli", **options)
        return _row(path, result)
    except PortalError as error:
        db.session.rollback()
        return _row(path, error=error.message)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop a bulk import
        db.session.rollback()
        current_app.logger.exception("Lỗi khi nhập %s", path)
        return _row(path, error=f"Lỗi hệ thống khi nhập tệp: {error.__class__.__name__}.")


def prepared_files(files, user, workers=EXTRACT_WORKERS, ahead=PREPARE_AHEAD):
    """(path, PreparedFile or None) in order; hashing and extraction run in worker threads a few files ahead.

    Each extraction is its own limited child process, so two at once use both cores while the main thread writes
    the database. Files whose hash is already in the library are not extracted (the import will call them duplicates).
    """
    from portal.services import documents

    lim, known = documents.limits(), frozenset(documents.visible_hashes(user))

    def prepare(path):
        if not os.path.isfile(path):
            return None
        return documents.prepare_file(path, os.path.basename(path), lim, known_hashes=known)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = deque()
        for path in files:
            pending.append((path, pool.submit(prepare, path)))
            if len(pending) > ahead:
                done_path, future = pending.popleft()
                yield done_path, future.result()
        while pending:
            done_path, future = pending.popleft()
            yield done_path, future.result()


def _apply_index():
    """Apply the queued index changes (in batches) so the imported documents are searchable."""
    from ..services.searching import apply_index

    apply_index(current_app._get_current_object(), wait=10.0)


@group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--type", "doc_type", type=click.Choice(sorted(DOC_TYPES)), help="Loại văn bản (mặc định: đọc từ văn bản)."
)
@click.option("--unit", help="Mã đơn vị sở hữu (mặc định: đơn vị của người nhập).")
@click.option("--visibility", type=click.Choice(["all", "units", "leadership"]), help="Phạm vi xem.")
@click.option("--user", "username", help="Tên đăng nhập của người nhập (mặc định: quản trị viên đầu tiên).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON ra stdout.")
@with_appcontext
def import_command(paths, doc_type, unit, visibility, username, as_json):
    """Nhập các tệp và thư mục (PDF, DOCX, MD, TXT); tệp trùng nội dung không nhập lại.

    Tệp lỗi được báo từng tệp và bỏ qua. Mã thoát 0 khi chạy xong (kể cả khi có tệp bị từ chối);
    1 khi mọi tệp đều bị từ chối hoặc không có tệp nào.
    """
    user = acting_user(username)
    files = list(_walk(paths))
    if not files:
        fail("Không có tệp nào để nhập.")
    options = {"doc_type": doc_type, "owner_unit_code": unit, "visibility": visibility}
    rows = []
    with click.progressbar(
        prepared_files(files, user),
        length=len(files),
        label="Đang nhập văn bản",
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda item: os.path.basename(item[0]) if item else "",
    ) as bar:
        for path, prepared in bar:
            rows.append(import_one(path, user, options, prepared))
            if rows[-1]["status"] == "rejected" and not as_json:
                click.echo(f"\nBỏ qua {path}: {rows[-1]['error']}", err=True)
    _apply_index()
    _report(rows, as_json)
    if all(r["status"] == "rejected" for r in rows):
        sys.exit(1)


def _report(rows, as_json):
    """The JSON list on stdout, or a Vietnamese summary."""
    counts = {s: sum(r["status"] == s for r in rows) for s in ("imported", "duplicate", "rejected")}
    summary = (
        f"Đã nhập {counts['imported']} văn bản, {counts['duplicate']} tệp trùng đã có, "
        f"{counts['rejected']} tệp bị từ chối."
    )
    if as_json:
        emit_json(rows)
        click.echo(summary, err=True)
    else:
        click.echo(summary)


@group.command("reextract")
@click.argument("document_ids", nargs=-1, required=True, type=int)
@click.option("--user", "username", help="Tên đăng nhập của người thực hiện (mặc định: quản trị viên đầu tiên).")
@with_appcontext
def reextract_command(document_ids, username):
    """Đọc lại nội dung tệp hiện hành của các văn bản (ví dụ sau khi cài OCR); thông tin văn bản giữ nguyên."""
    from portal.services import documents

    user = acting_user(username)
    failed = 0
    for document_id in document_ids:
        try:
            result = documents.reextract(documents.get_document(document_id, user), user)
            click.echo(f"Văn bản {document_id}: đã đọc lại {result.document.current_version.page_count} trang.")
        except PortalError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"Văn bản {document_id}: {error.message}", err=True)
    _apply_index()
    if failed:
        sys.exit(1)


@group.command("waiting")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON ra stdout.")
@with_appcontext
def waiting_command(as_json):
    """Liệt kê các văn bản được trích dẫn nhưng chưa có trong thư viện."""
    from portal.services import documents

    groups = documents.waiting_citations()
    if as_json:
        emit_json(
            [
                {"number": g.number, "key": g.number_key, "count": g.count, "sources": [d.id for d in g.sources]}
                for g in groups
            ]
        )
        return
    for g in groups:
        click.echo(f"{g.number:<20} {g.count} lần trích dẫn")
