"""Job kinds: each domain registers its handlers at import (``register``); runners look them up here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

# Domains whose import registers job kinds; a runner imports them before claiming, so that a `flask worker` started
# alone knows every kind. Add a module here when a new domain registers a kind.
DOMAINS = (
    "portal.services.searching",
    "portal.services.notifications",
    "portal.services.materials",
)


@dataclass(frozen=True)
class JobKind:
    """How one kind of job runs.

    ``handler(payload, ctx)`` does the work (``handler(payloads, ctx)`` with ``batch`` > 1: up to that many jobs of the
    kind at once). ``serial`` kinds run on one runner at a time (a database lease); the others run side by side.
    A failure is retried after ``backoff`` seconds, doubling each time up to ``max_backoff``; after ``max_attempts``
    the job is ``failed`` and waits for someone to retry it. A runner renews its lease every ``lease / 3`` seconds
    while the handler runs; a runner that dies stops renewing, and the job is claimed again once ``lease`` passes.
    """

    name: str
    handler: Callable
    label: str
    serial: bool = False
    max_attempts: int = 5
    backoff: float = 30.0
    max_backoff: float = 3600.0
    batch: int = 1
    lease: float = 120.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait before attempt ``attempts + 1`` (exponential back-off: backoff, 2×, 4×, … capped)."""
        return min(self.max_backoff, self.backoff * (2 ** max(0, attempts - 1)))


_KINDS: dict[str, JobKind] = {}


def register(
    kind: str,
    handler: Callable,
    *,
    label: str,
    serial: bool = False,
    max_attempts: int = 5,
    backoff: float = 30.0,
    max_backoff: float = 3600.0,
    batch: int = 1,
    lease: float = 120.0,
) -> JobKind:
    """Register (or replace) the handler of ``kind``; ``label`` is the Vietnamese name shown to administrators."""
    spec = JobKind(kind, handler, label, serial, max_attempts, backoff, max_backoff, batch, lease)
    _KINDS[kind] = spec
    return spec


def load_domains() -> None:
    """Import every domain that registers job kinds (idempotent)."""
    for module in DOMAINS:
        importlib.import_module(module)


def get(kind: str) -> JobKind:
    """The registered kind; KeyError for an unknown one."""
    if kind not in _KINDS:
        load_domains()
    return _KINDS[kind]


def known(kind: str) -> bool:
    """True when ``kind`` is registered."""
    try:
        get(kind)
    except KeyError:
        return False
    return True


def all_kinds() -> list[JobKind]:
    """Every registered kind, serial ones first."""
    load_domains()
    return sorted(_KINDS.values(), key=lambda k: (not k.serial, k.name))


def label(kind: str) -> str:
    """The Vietnamese label of a kind (the code itself when unknown)."""
    try:
        return get(kind).label
    except KeyError:
        return kind
