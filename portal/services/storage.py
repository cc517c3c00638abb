"""The upload store: the only code that touches UPLOAD_DIR. Files live under generated names, written durably.

A file is stream-copied to a temp file in its final folder, fsynced, renamed into place with os.replace and the
folder fsynced, so after `store_file` returns the bytes survive a crash; the database row that names it is committed
afterwards by the caller, who removes the file again if that commit fails.
"""

import errno
import hashlib
import os
import re
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app

from portal.errors import NotFound, UploadRejected

CHUNK = 1024 * 1024
NAME = re.compile(r"^[0-9a-f]{32}$")
DISK_FULL = "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được tệp. Vui lòng báo quản trị viên rồi thử lại sau."
WRITE_FAILED = "Không ghi được tệp vào kho lưu trữ. Vui lòng thử lại sau hoặc báo quản trị viên."


@dataclass
class StoredFile:
    """A file now in the store: its generated name, checksum, size and absolute path."""

    storage_name: str
    sha256: str
    size: int
    path: str


def upload_dir():
    """The absolute upload folder of the current app."""
    return os.path.abspath(current_app.config["UPLOAD_DIR"])


def is_storage_name(name):
    """True for names this store generates (32 lowercase hex digits), nothing else."""
    return isinstance(name, str) and bool(NAME.match(name))


def path_for(name):
    """Absolute path of a stored file; refuses anything that is not a generated name (no traversal)."""
    if not is_storage_name(name):
        raise NotFound("Không tìm thấy tệp.")
    return os.path.join(upload_dir(), name[:2], name[2:4], name)


def sha256_of(path):
    """SHA-256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder):
    """Make a rename or a new entry in the folder durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(src_path, handle):
    """Stream src into an open file; returns (sha256, size)."""
    digest, size = hashlib.sha256(), 0
    with open(src_path, "rb") as src:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    handle.flush()
    os.fsync(handle.fileno())
    return digest.hexdigest(), size


def _write_error(error):
    """A Vietnamese UploadRejected for a failed write (full disk or other OS error)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return UploadRejected(DISK_FULL, code="disk_full", status=507)
    return UploadRejected(WRITE_FAILED, code="write_failed", status=500)


def store_file(src_path):
    """Copy a file into the store under a new generated name, durably; returns a StoredFile."""
    name = uuid.uuid4().hex
    final = path_for(name)
    folder = os.path.dirname(final)
    temp = os.path.join(folder, f".{name}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(temp, "xb") as handle:
            sha256, size = _copy(src_path, handle)
        os.replace(temp, final)
        _fsync_dir(folder)
    except OSError as error:
        _discard(temp)
        _discard(final)
        raise _write_error(error) from error
    return StoredFile(name, sha256, size, final)


def _discard(path):
    """Remove a file if it is there."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def open_for_download(name):
    """An open binary file of a stored name; NotFound when the file is missing."""
    try:
        return open(path_for(name), "rb")
    except FileNotFoundError as error:
        raise NotFound("Tệp gốc không còn trong kho lưu trữ. Vui lòng báo quản trị viên.") from error


def remove(name):
    """Delete a stored file (cleanup after a failed transaction, or purge); a missing file is fine."""
    path = path_for(name)
    _discard(path)
    try:
        _fsync_dir(os.path.dirname(path))
    except OSError:
        pass


def exists(name):
    """True when a stored file with this name is present."""
    return is_storage_name(name) and os.path.isfile(path_for(name))


def iter_stored():
    """(storage_name, path) of every stored file, for integrity checks; temp files are skipped."""
    root = upload_dir()
    for folder, _dirs, files in os.walk(root):
        for filename in sorted(files):
            if is_storage_name(filename):
                yield filename, os.path.join(folder, filename)


def iter_temp_files():
    """Paths of leftover temp files (a crash during a write); safe to delete."""
    for folder, _dirs, files in os.walk(upload_dir()):
        for filename in files:
            if filename.startswith(".") and filename.endswith(".tmp"):
                yield os.path.join(folder, filename)


@contextmanager
def named_like(path, original_name):
    """The path, or a private symlink to it ending in the original name's extension (the sniffer reads .md by name)."""
    suffix = os.path.splitext(original_name)[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) or path.lower().endswith(suffix):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="sniff-") as folder:
        link = os.path.join(folder, "file" + suffix)
        os.symlink(os.path.abspath(path), link)
        yield link
