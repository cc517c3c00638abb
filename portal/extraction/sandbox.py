"""Run a worker job in a child process with address-space, CPU and wall-clock limits.

The child comes from a forkserver that has already imported the parsers, so starting one costs milliseconds.
It moves into its own process group (so tesseract/pdftoppm die with it), sets RLIMIT_AS and RLIMIT_CPU, runs the job
and sends back JSON bytes (never pickle: the child parses hostile data, the parent must not unpickle from it).
"""

import json
import math
import multiprocessing
import os
import resource
import signal
import traceback

from .messages import ExtractionError, fail

MAX_RESULT_BYTES = 256 * 1024 * 1024
_context = None


def get_context():
    """The forkserver context (spawn where forkserver is missing), preloading the worker once."""
    global _context
    if _context is None:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["portal.extraction.worker"])
        _context = ctx
    return _context


def run_limited(job: str, args: dict, *, timeout: float, memory_mb: int) -> dict:
    """Run `worker.run(job, args)` in a limited child; return its data or raise ExtractionError."""
    ctx = get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, job, args, timeout, memory_mb), daemon=True)
    process.start()
    sender.close()
    try:
        payload = _receive(receiver, timeout, process)
    finally:
        receiver.close()
        _reap(process)
    if payload is None:
        raise _crash_error(process.exitcode)
    return _unpack(payload)


def _receive(receiver, timeout: float, process) -> bytes | None:
    """The child's answer, None if it died silently; kills it and raises "timeout" at the deadline."""
    if not receiver.poll(timeout):
        _kill(process)
        raise fail("timeout")
    try:
        return receiver.recv_bytes(MAX_RESULT_BYTES)
    except EOFError:
        return None
    except OSError as exc:  # longer than MAX_RESULT_BYTES
        _kill(process)
        raise fail("too_large") from exc


def _unpack(payload: bytes) -> dict:
    """Decode the child's JSON message into data or an ExtractionError."""
    message = json.loads(payload)
    if message.get("ok"):
        return message["data"]
    raise ExtractionError(message["code"], message.get("message"))


def _crash_error(exitcode: int | None) -> ExtractionError:
    """A child that died without answering: CPU limit -> timeout, SIGKILL (OOM) -> memory, else corrupt."""
    if exitcode is not None and exitcode < 0:
        if -exitcode == signal.SIGXCPU:
            return fail("timeout")
        if -exitcode in (signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT):
            return fail("memory")
    return fail("corrupt")


def _kill(process) -> None:
    """SIGKILL the child's whole process group (the child and its tesseract)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, TypeError):
        pass
    process.kill()


def _reap(process) -> None:
    """Wait briefly for the child, killing it if it lingers."""
    process.join(2)
    if process.is_alive():
        _kill(process)
        process.join(2)


def apply_limits(memory_mb: int, timeout: float) -> None:
    """RLIMIT_AS (address space) and RLIMIT_CPU (seconds) for this process and its children."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(sender, job: str, args: dict, timeout: float, memory_mb: int) -> None:
    """Child body: new process group, limits, run the job, send JSON."""
    os.setsid()
    apply_limits(memory_mb, timeout)
    try:
        message = {"ok": True, "data": _run(job, args)}
    except ExtractionError as exc:
        message = {"ok": False, "code": exc.code, "message": exc.message}
    except MemoryError:
        message = {"ok": False, "code": "memory"}
    except RecursionError:
        message = {"ok": False, "code": "corrupt"}
    except Exception:  # noqa: BLE001 - any parser failure on hostile input is a corrupt file
        traceback.print_exc()
        message = {"ok": False, "code": "corrupt"}
    try:
        sender.send_bytes(json.dumps(message, ensure_ascii=False).encode("utf-8"))
    except MemoryError:
        sender.send_bytes(b'{"ok": false, "code": "memory"}')
    finally:
        sender.close()


def _run(job: str, args: dict) -> dict:
    """Import lazily (already loaded under forkserver) and run the job."""
    from .worker import run

    return run(job, args)
