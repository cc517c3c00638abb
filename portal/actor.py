"""Who is acting, and from where, without Flask: the audit trail reads it, the web layer and the CLI set it.

The web layer sets it in a ``before_request`` (the client address, and a getter for the signed-in user, so a login
made during the request is seen) and clears it on teardown; the CLI sets ``ip="cli"`` for its commands. Outside both
(tests calling services directly, the demo loader) the default answers ``"cli"`` and no user.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The acting side of a request or command: the client address and how to get the signed-in user."""

    ip: str | None = "cli"
    user_getter: Callable[[], object | None] | None = None

    @property
    def user(self):
        """The signed-in user, or None (anonymous, or no web request)."""
        return self.user_getter() if self.user_getter is not None else None


_DEFAULT = Actor()
_current: ContextVar[Actor] = ContextVar("portal_actor", default=_DEFAULT)


def current() -> Actor:
    """The actor of the running request or command."""
    return _current.get()


def set_current(ip: str | None, user_getter: Callable[[], object | None] | None = None) -> None:
    """Make (ip, user) the actor of what runs in this context until ``clear()``."""
    _current.set(Actor(ip, user_getter))


def clear() -> None:
    """Back to the default actor (no request)."""
    _current.set(_DEFAULT)


def client_ip() -> str | None:
    """The acting client address ("cli" outside a web request)."""
    return current().ip
