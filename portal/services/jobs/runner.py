"""Runners: take due jobs from the queue and run their handlers, in this process or in `flask worker` processes.

A runner has two lanes, each a loop: the serial lane runs the kinds that must be one at a time (writing the search
index), holding that kind's database lease while it works; the general lane runs every other kind (mail, scheduled
notices, OCR), so a slow mail server or a long scan never holds up the index. ``drain`` runs what is due now,
synchronously (the CLI, the demo loader, tests, and a web request that wants its own index update applied before it
answers).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from dataclasses import dataclass, field

from portal.extensions import db

from . import queue, registry

log = logging.getLogger(__name__)
_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


def _local_lock(name: str) -> threading.Lock:
    """A process-wide lock per serial kind: threads of one process queue here before asking the database."""
    with _local_locks_guard:
        return _local_locks.setdefault(name, threading.Lock())


@dataclass
class JobContext:
    """What a handler gets besides its payload: the app, the job, and a way to report progress.

    ``patience`` is how long the caller is willing to wait on a busy resource (the index lock): short when a web
    request applies its own change, None (the handler's own default) in a runner.
    """

    app: object
    job_id: int | None
    attempt: int
    owner: str
    job_ids: list = field(default_factory=list)
    patience: float | None = None

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress (shown while the job runs: "3/13 trang")."""
        if self.job_id is not None:
            queue.set_progress(self.job_id, done, total)

    def checkpoint(self, payload: dict) -> None:
        """Save the job's payload as it stands (e.g. the pages done): a run after a crash or a failure resumes there."""
        if self.job_id is not None:
            queue.save_payload(self.job_id, self.owner, payload)


class _Heartbeat:
    """Renews the leases of running jobs (and of a serial kind) every lease/3 seconds until stopped."""

    def __init__(self, app, job_ids, owner, seconds, lease_name=None):
        self.app, self.job_ids, self.owner, self.seconds, self.lease_name = app, job_ids, owner, seconds, lease_name
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="jobs-heartbeat", daemon=True)

    def _run(self):
        with self.app.app_context():
            while not self.stop.wait(max(0.5, self.seconds / 3)):
                try:
                    queue.extend(self.job_ids, self.owner, self.seconds)
                    if self.lease_name:
                        queue.acquire_lease(self.lease_name, self.owner, self.seconds)
                except Exception:  # noqa: BLE001 - a missed beat only shortens the lease; the next one retries
                    log.warning("jobs: lease renewal failed", exc_info=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        self.thread.join(timeout=5)


def run_claimed(app, spec, claimed, owner, lease_name=None, patience=None) -> int:
    """Run one claimed job (or one batch of a batch kind); finish or fail it. Returns how many jobs succeeded."""
    ids = [c.id for c in claimed]
    ctx = JobContext(app, ids[0] if len(ids) == 1 else None, max(c.attempts for c in claimed), owner, ids, patience)
    try:
        with _Heartbeat(app, ids, owner, spec.lease, lease_name), app.app_context():
            try:
                if spec.batch > 1:
                    spec.handler([c.payload for c in claimed], ctx)
                else:
                    spec.handler(claimed[0].payload, ctx)
            finally:
                db.session.remove()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job and retried with back-off
        log.warning("jobs: %s failed (%s)", spec.name, exc, exc_info=True)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        queue.fail(ids, owner, detail)
        return 0
    queue.finish(ids, owner)
    return len(ids)


def run_serial(app, spec, owner, *, wait: float = 0.0, max_batches: int | None = None, patience=None) -> int:
    """Hold the kind's lease and run its due jobs batch after batch; returns how many succeeded (0: lease held)."""
    lock = _local_lock(spec.name)
    acquired = lock.acquire(timeout=wait) if wait > 0 else lock.acquire(blocking=False)
    if not acquired:
        return 0
    try:
        deadline = time.monotonic() + wait
        while not queue.acquire_lease(spec.name, owner, spec.lease):
            if time.monotonic() >= deadline:
                return 0
            time.sleep(0.05)
        done, batches = 0, 0
        try:
            while max_batches is None or batches < max_batches:
                claimed = queue.claim([spec.name], owner, limit=spec.batch)
                if not claimed:
                    break
                done += run_claimed(app, spec, claimed, owner, lease_name=spec.name, patience=patience)
                batches += 1
        finally:
            queue.release_lease(spec.name, owner)
        return done
    finally:
        lock.release()


def run_general(app, kinds, owner) -> tuple[int, int]:
    """Claim and run one due job of the (non-serial) ``kinds``; (claimed, succeeded), (0, 0) when none is due.

    A read first: an idle runner polling the queue never takes SQLite's write lock.
    """
    names = [k.name for k in kinds]
    if not queue.due_count(names):
        return 0, 0
    claimed = queue.claim(names, owner, limit=1)
    if not claimed:
        return 0, 0
    return len(claimed), run_claimed(app, registry.get(claimed[0].kind), claimed, owner)


def drain(app, kinds=None, *, wait: float = 0.0, limit: int | None = None) -> int:
    """Run every job of ``kinds`` (default: all) that is due now, in this thread; returns how many succeeded.

    Serial kinds wait up to ``wait`` seconds for their lease (another runner holding it longer means that runner is
    already applying them), and their handlers wait as long for a busy resource. A failed attempt is rescheduled
    with back-off, not retried here.
    """
    owner = queue.runner_id("drain")
    with app.app_context():
        specs = [registry.get(k) for k in kinds] if kinds else registry.all_kinds()
        total = 0
        for spec in [s for s in specs if s.serial]:
            if queue.due_count([spec.name]):
                total += run_serial(app, spec, owner, wait=wait, patience=wait or None)
        general = [s for s in specs if not s.serial]
        seen = 0
        while general and (limit is None or seen < limit):
            claimed, succeeded = run_general(app, general, owner)
            if not claimed:
                break
            seen += claimed
            total += succeeded
        return total


class Runner:
    """A long-running runner: a serial lane and ``threads`` general lanes, each a daemon thread polling the queue."""

    def __init__(self, app, *, name: str = "runner", kinds=None, poll: float = 2.0, threads: int = 1):
        self.app, self.name, self.poll, self.threads = app, name, poll, max(1, threads)
        self.kind_names = list(kinds) if kinds else None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _specs(self):
        specs = registry.all_kinds()
        return [s for s in specs if self.kind_names is None or s.name in self.kind_names]

    def run_once(self, lane: str = "all") -> int:
        """One pass: serial kinds (lane "serial"), one general job (lane "general"), or both; how many were run."""
        total = 0
        with self.app.app_context():
            specs = self._specs()
            if lane in ("serial", "all"):
                owner = queue.runner_id(f"{self.name}-serial")
                for spec in [s for s in specs if s.serial]:
                    if queue.due_count([spec.name]):
                        total += run_serial(self.app, spec, owner)
            if lane in ("general", "all"):
                general = [s for s in specs if not s.serial]
                if general:
                    total += run_general(self.app, general, queue.runner_id(f"{self.name}-general"))[0]
        return total

    def _loop(self, lane):
        while not self._stop.is_set():
            try:
                ran = self.run_once(lane)
            except Exception:  # noqa: BLE001 - the database may be briefly unavailable; try again after a pause
                log.exception("jobs: runner pass failed")
                ran = 0
            if not ran:
                self._wake.wait(self.poll)
                self._wake.clear()

    def start(self) -> Runner:
        """Start the lanes as daemon threads (they die with the process; a job they held is claimed again)."""
        with self.app.app_context():
            registry.load_domains()
        specs = self._specs()
        lanes = (["serial"] if any(s.serial for s in specs) else []) + (
            ["general"] * self.threads if any(not s.serial for s in specs) else []
        )
        for i, lane in enumerate(lanes):
            thread = threading.Thread(target=self._loop, args=(lane,), name=f"jobs-{lane}-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wake(self) -> None:
        """Look at the queue now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the lanes to stop after their current job, and wait for them."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=timeout)

    def run_forever(self) -> None:
        """Start and block until interrupted (``flask worker``); SIGTERM or Ctrl+C let the current jobs finish."""
        import signal

        def _terminate(_signum, _frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, _terminate)
        self.start()
        try:
            while any(t.is_alive() for t in self._threads):
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stop(timeout=30)
        finally:
            signal.signal(signal.SIGTERM, previous)


_start_guard = threading.Lock()


def in_process_runner(app) -> Runner:
    """The web process's own runner (one per app and process, started on first use; a forked worker starts its own)."""
    state = app.extensions.setdefault("portal_jobs", {})
    if state.get("pid") == os.getpid():
        return state["runner"]
    with _start_guard:
        if state.get("pid") != os.getpid():
            runner = Runner(
                app,
                name="web",
                poll=float(app.config.get("JOBS_POLL_SECONDS", 2.0)),
                threads=int(app.config.get("JOBS_THREADS", 1)),
            )
            state.update(runner=runner.start(), pid=os.getpid())
    return state["runner"]


def wake_in_process(app) -> None:
    """Wake this process's runner if it has one (after a request that queued jobs)."""
    state = app.extensions.get("portal_jobs") or {}
    if state.get("pid") == os.getpid():
        state["runner"].wake()
