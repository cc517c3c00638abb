"""Web plumbing shared by every blueprint: login loaders, security headers, template helpers, the job hooks."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from .clock import today_local
from .extensions import db
from .extraction.header import reading_paragraphs, signer_parts
from .formatting import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_place_date,
    format_quantity,
    format_ratio,
)
from .text import fold
from .text.numbers import is_party_number, number_line

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def setup_login(app, login_manager):
    """Session users are checked against their rotating token; API clients may send a Bearer token."""
    from portal.services.accounts import load_session_user, user_for_token

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)

    @login_manager.request_loader
    def _bearer(req):
        header = req.headers.get("Authorization", "")
        if header.startswith("Bearer ") and req.path.startswith("/api/"):
            user = user_for_token(header[7:].strip())
            if user is not None:
                g.api_token_auth = True
            return user
        return None

    app.permanent_session_lifetime = timedelta(hours=app.config["SESSION_LIFETIME_HOURS"])


def token_authenticated():
    """True only when a valid API token authenticated this request (then, and only then, CSRF does not apply).

    A request signed in by its session cookie stays a cookie request even if it also sends an ``Authorization:
    Bearer`` header: an invalid token, or another account's token, must not switch the CSRF check off.
    """
    if g.get("api_token_auth"):
        return True
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not getattr(current_user, "is_authenticated", False):
        return False
    from portal.services.accounts import user_for_token

    token_user = user_for_token(header[7:].strip())
    return token_user is not None and token_user.id == current_user.id


def safe_next(target):
    """``target`` when it is a path of this site ("/plan/?x=1"), else None: the one check for every redirect we are
    asked to follow (``next=``, form fields, the Referer). Refuses other hosts (``//host``, ``/\\host``, ``https:``),
    and control characters, which browsers drop (``/<TAB>/host`` becomes ``//host``) or which split headers (CR/LF).
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target) or "\\" in target:
        return None
    if target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def safe_referrer():
    """The Referer as a path of this site (same scheme and host), checked by ``safe_next``; else None."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    own = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) not in ((own.scheme, own.netloc), ("", "")):
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def client_ip():
    """The client address of the current request (behind a trusted proxy, ProxyFix sets remote_addr)."""
    return request.remote_addr


def _signed_in_user():
    """The signed-in user, or None."""
    return current_user._get_current_object() if getattr(current_user, "is_authenticated", False) else None


def bind_actor():
    """Tell the Flask-free audit trail who acts in this request and from where (portal.actor)."""
    from . import actor

    actor.set_current(client_ip(), _signed_in_user)


def unbind_actor(_error=None):
    """The request is over: back to the default actor."""
    from . import actor

    actor.clear()


def security_headers(response):
    """CSP with no inline script, nosniff, no framing, no referrer leaks, no caching of signed-in pages."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def register_template_helpers(app):
    """Filters ngay/ngaygio, permission checks and navigation for templates."""
    from . import security
    from .extraction.messages import UPLOAD_ACCEPT, UPLOAD_KINDS
    from .models import DOC_TYPES, ROLE_LABELS, SECRECY, URGENCY, VISIBILITY
    from .navigation import nav_items

    app.add_template_filter(format_date, "ngay")
    app.add_template_filter(format_datetime, "ngaygio")
    app.add_template_filter(format_number, "so")
    app.add_template_filter(format_percent, "phan_tram")
    app.add_template_filter(format_ratio, "ti_le")
    app.add_template_filter(format_quantity, "so_luong")
    app.add_template_filter(number_line, "so_hieu")
    app.add_template_filter(reading_paragraphs, "doan_van")
    app.add_template_filter(lambda d: signer_parts(d.signer_mark, d.signer_title, d.signer_name), "nguoi_ky")
    app.add_template_filter(is_party_number, "so_hieu_dang")
    app.add_template_filter(format_place_date, "noi_ngay")
    app.add_template_filter(fold, "fold")
    app.add_template_filter(lambda role: ROLE_LABELS.get(role, role), "role_label")

    @app.context_processor
    def _helpers():
        return {
            "has_perm": lambda name: security.has_permission(current_user, name),
            "is_leadership": lambda: security.is_leadership(current_user),
            "nav_items": lambda: nav_items(current_user),
            "DOC_TYPES": DOC_TYPES,
            "SECRECY": SECRECY,
            "URGENCY": URGENCY,
            "VISIBILITY": VISIBILITY,
            "ROLE_LABELS": ROLE_LABELS,
            "today": today_local(),
            "has_endpoint": lambda endpoint: endpoint in current_app.view_functions,
            "unread_count": _unread_count(),
            "UPLOAD_ACCEPT": UPLOAD_ACCEPT,
            "UPLOAD_KINDS": UPLOAD_KINDS,
        }


def _unread_count():
    """Unread notifications of the signed-in user (0 for anonymous)."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    from .services.notifications import unread_count

    return unread_count(current_user)


@event.listens_for(Session, "after_flush")
def _remember_queued_jobs(session, _context):
    """Remember which job kinds this session queued, so that the request can act on them after its commit."""
    from .models import Job

    kinds = {obj.kind for obj in session.new if isinstance(obj, Job)}
    if kinds:
        session.info.setdefault("jobs_queued", set()).update(kinds)


def start_job_runner():
    """Before a request: make sure this process runs its own job runner (started once per process)."""
    from .services.jobs import in_process_runner

    in_process_runner(current_app._get_current_object())


def run_jobs_after_request(response):
    """After a write request: apply its index changes at once (read-your-writes), and wake the job runner.

    The index is applied in this thread for at most about a second; when another runner holds the index it is
    applying them already. Everything else (mail, notices, OCR) is left to the runner, so the answer never waits on it.
    """
    kinds = db.session.info.pop("jobs_queued", None)
    if not kinds or response.status_code >= 400:
        return response
    app = current_app._get_current_object()
    from .search.jobs import JOB_KIND

    if JOB_KIND in kinds and app.config.get("SEARCH_APPLY_INLINE", True):
        from .services.searching import apply_index

        try:
            apply_index(app, wait=1.0)
        except Exception:  # noqa: BLE001 - the jobs stay queued; the runner applies them
            app.logger.exception("Cập nhật chỉ mục tìm kiếm thất bại; việc vẫn chờ trong hàng đợi.")
    if app.config.get("JOBS_INLINE"):
        from .services.jobs import wake_in_process

        wake_in_process(app)
    return response
