"""Word 97-2003, RTF, ODF and Excel 97-2003 files through LibreOffice headless, to DOCX/XLSX that our readers read.

Each conversion gets a fresh profile folder (`-env:UserInstallation`), so parallel imports never share LibreOffice's
lock and user files, and runs in its own process group, so a timeout kills soffice.bin and not just its launcher.
It runs inside the limited extraction child, whose address-space limit soffice inherits (see CONVERT_MEMORY_MB).
"""

import contextlib
import functools
import os
import shutil
import signal
import subprocess  # nosec B404  # fixed argument lists, never a shell
import tempfile
from dataclasses import dataclass

from .messages import fail

# soffice.bin converting a 79-page .doc: peak 215 MiB resident, 464 MiB address space (VmPeak); under a 450 MiB
# RLIMIT_AS it aborts, at 500 MiB it converts. 1.5 GiB leaves room for large files and images (benchmarks/results).
CONVERT_MEMORY_MB = 1536
CONVERT_TIMEOUT = 120.0
TARGET = {
    "doc": ("docx", "MS Word 2007 XML"),
    "rtf": ("docx", "MS Word 2007 XML"),
    "odt": ("docx", "MS Word 2007 XML"),
    "xls": ("xlsx", "Calc MS Excel 2007 XML"),
    "ods": ("xlsx", "Calc MS Excel 2007 XML"),
}
LABELS = {
    "doc": "Word 97-2003 (.doc)",
    "rtf": "RTF (.rtf)",
    "odt": "OpenDocument (.odt)",
    "xls": "Excel 97-2003 (.xls)",
    "ods": "OpenDocument bảng tính (.ods)",
}
_CANDIDATES = ("soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")


@dataclass
class ConverterStatus:
    """Whether LibreOffice can convert here (for `flask check`)."""

    available: bool
    path: str | None = None
    missing: str | None = None  # Vietnamese, when not available


@functools.lru_cache(maxsize=1)
def converter_status() -> ConverterStatus:
    """Find soffice on PATH or in the usual install folders; cached, `.cache_clear()` after installing."""
    for name in _CANDIDATES:
        found = shutil.which(name) if "/" not in name else (name if os.access(name, os.X_OK) else None)
        if found:
            return ConverterStatus(True, found)
    return ConverterStatus(False, None, "LibreOffice (gói libreoffice-writer-nogui, libreoffice-calc-nogui)")


@contextlib.contextmanager
def converted(path: str, kind: str, timeout: float = CONVERT_TIMEOUT):
    """Yield the path of `path` converted to DOCX/XLSX in a private temporary folder (removed afterwards)."""
    status = converter_status()
    if not status.available:
        raise RuntimeError("LibreOffice is not installed")
    target, filter_name = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="portal-convert-") as folder:
        source = os.path.join(folder, f"input.{kind}")  # LibreOffice picks its import filter by the extension too
        os.symlink(os.path.abspath(path), source)
        out = os.path.join(folder, "out")
        argv = [
            status.path,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            f"{target}:{filter_name}",
            "--outdir",
            out,
            source,
        ]
        _run(argv, timeout, env={**os.environ, "HOME": folder, "TMPDIR": folder})
        result = os.path.join(out, f"input.{target}")
        if not os.path.exists(result) or os.path.getsize(result) == 0:
            raise fail("corrupt", "corrupt_office")  # soffice exits 0 without output on files it cannot load
        yield result


def _run(argv: list[str], timeout: float, env: dict) -> None:
    """Run soffice in a new process group; kill the whole group at the deadline."""
    process = subprocess.Popen(  # nosec B603  # fixed argv
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env
    )
    try:
        process.wait(timeout=max(timeout, 1))
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise fail("timeout") from exc
    finally:
        _kill_group(process)  # a lingering soffice.bin (oosplash exited first) must not outlive the conversion


def _kill_group(process) -> None:
    """SIGKILL the conversion's process group, ignoring a group that is already gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
