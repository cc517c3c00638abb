"""Accounts: creating and editing users, passwords, login throttling, sessions and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from portal.database import begin_write
from portal.errors import Conflict, NotFound, ValidationFailed
from portal.extensions import db
from portal.models import ROLES, ApiToken, LoginAttempt, User, UserRole
from portal.models.base import utcnow
from portal.services import audit
from portal.services.accounts.units import require_unit

from . import passwords

MIN_PASSWORD = 10
TOKEN_TOUCH_SECONDS = 60
# A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = None


def hash_password(password):
    """Hash at the configured method (argon2id at OWASP's parameters by default)."""
    return passwords.hash_with(current_app.config["PASSWORD_HASH_METHOD"], password)


def verify_password(user, password):
    """True when `password` is the user's current password (any stored hash method)."""
    return passwords.verify(user.password_hash, password or "")


def check_password_strength(password, username=""):
    """Raise ValidationFailed when the password is too weak."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationFailed(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if username and username.lower() in password.lower():
        raise ValidationFailed("Mật khẩu không được chứa tên đăng nhập.")


def _snapshot(user):
    return {
        "username": user.username,
        "full_name": user.full_name,
        "unit": user.unit.code if user.unit else None,
        "roles": user.roles,
        "is_active": user.is_active,
    }


def _unit_by_code(code):
    """The user's unit from its code (none for an empty code); ValidationFailed for an unknown one."""
    return require_unit(code) if code else None


def _set_roles(user, roles):
    roles = sorted(set(roles))
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ValidationFailed("Vai trò không hợp lệ: " + ", ".join(bad))
    if not roles:
        raise ValidationFailed("Người dùng cần ít nhất một vai trò.")
    if "branch_secretary" in roles and (user.unit is None or user.unit.kind != "branch"):
        raise ValidationFailed("Bí thư chi bộ phải thuộc một chi bộ.")
    for row in list(user.role_rows):
        if row.role not in roles:
            user.role_rows.remove(row)
    held = {row.role for row in user.role_rows}
    user.role_rows.extend(UserRole(role=r) for r in roles if r not in held)


def user_by_username(username):
    """The account with that user name (case and surrounding spaces ignored), active or not; None when there is none."""
    username = (username or "").strip().lower()
    return db.session.scalar(select(User).where(User.username == username)) if username else None


def acting_user(username=None):
    """The one rule for who acts in a command: the named account, or the first active administrator; active only.

    NotFound (with the Vietnamese reason) for an unknown or locked account, or when no administrator exists.
    """
    if username:
        user = user_by_username(username)
        if user is None or not user.is_active:
            raise NotFound(f"Không có tài khoản “{username}” (hoặc tài khoản đang khóa).")
        return user
    user = db.session.scalar(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "admin", User.is_active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    if user is None:
        raise NotFound("Chưa có tài khoản quản trị đang hoạt động; dùng --user để chọn người thực hiện.")
    return user


def create_user(
    username,
    password,
    roles,
    *,
    unit_code=None,
    full_name="",
    email=None,
    position=None,
    actor=None,
    must_change_password=False,
):
    """Create a user with roles and unit; `must_change_password` makes the first sign-in choose a new one; commits."""
    begin_write()
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise ValidationFailed("Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(f"Tên đăng nhập «{username}» đã tồn tại.")
    check_password_strength(password, username)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email,
        position=position,
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
        must_change_password=must_change_password,
    )
    user.unit = _unit_by_code(unit_code)
    _set_roles(user, roles)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, user=actor, summary=f"Tạo tài khoản {username}", after=_snapshot(user))
    db.session.commit()
    return user


def update_user(
    user, *, roles=None, unit_code=None, full_name=None, email=None, position=None, is_active=None, actor=None
):
    """Edit a user's unit, roles, name or active flag; disabling rotates the session token; commits."""
    begin_write()
    before = _snapshot(user)
    if full_name is not None:
        user.full_name = full_name.strip()
    if email is not None:
        user.email = email or None
    if position is not None:
        user.position = position or None
    if unit_code is not None:
        user.unit = _unit_by_code(unit_code)
    if roles is not None:
        _set_roles(user, roles)
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        if not is_active:
            user.session_token = secrets.token_hex(16)
            revoke_all_tokens(user)
    audit.record(
        "user.update", user, user=actor, summary=f"Sửa tài khoản {user.username}", before=before, after=_snapshot(user)
    )
    db.session.commit()
    return user


def set_password(user, new_password, *, actor=None, reason="change"):
    """Set a new password and rotate the session token so every other session ends; commits.

    An administrator's reset (`reason="reset"`) makes the user choose their own password at the next sign-in.
    """
    begin_write()
    check_password_strength(new_password, user.username)
    if reason != "reset" and verify_password(user, new_password):
        raise ValidationFailed("Mật khẩu mới phải khác mật khẩu hiện tại.")
    user.password_hash = hash_password(new_password)
    user.must_change_password = reason == "reset"
    user.password_changed_at = utcnow()
    user.session_token = secrets.token_hex(16)
    action = "user.password_reset" if reason == "reset" else "user.password_change"
    audit.record(action, user, user=actor or user, summary=f"Đổi mật khẩu {user.username}")
    db.session.commit()
    return user


def end_sessions(user):
    """Invalidate every session of the user on the server (logout)."""
    begin_write()
    user.session_token = secrets.token_hex(16)
    audit.record("auth.logout", user, user=user, summary=f"Đăng xuất {user.username}")
    db.session.commit()


def _recent_failures(column, value, since):
    return db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            column == value, LoginAttempt.success.is_(False), LoginAttempt.at >= since
        )
    )


def throttled(username, ip):
    """True while the account or the address has too many recent failures (shared by all workers via the DB)."""
    cfg = current_app.config
    since = utcnow() - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    if _recent_failures(LoginAttempt.username, username, since) >= cfg["LOGIN_MAX_FAILURES"]:
        return True
    return _recent_failures(LoginAttempt.ip, ip, since) >= cfg["LOGIN_MAX_FAILURES_PER_IP"]


def authenticate(username, password, ip):
    """Return the user for valid credentials, else None; records the attempt and the audit event; commits."""
    global _DUMMY_HASH
    begin_write()
    username = (username or "").strip().lower()[:80]
    user = db.session.scalar(select(User).where(User.username == username))
    if user is not None:
        ok = verify_password(user, password)
    else:
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_hex(8))
        passwords.verify(_DUMMY_HASH, password or "")
        ok = False
    ok = ok and user.is_active
    db.session.add(LoginAttempt(username=username, ip=ip, success=ok))
    if ok:
        user.last_login_at = utcnow()
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if passwords.needs_rehash(user.password_hash, method):
            user.password_hash = passwords.hash_with(method, password)  # old pbkdf2 hashes move to argon2id here
        audit.record("auth.login", user, user=user, summary=f"Đăng nhập {username}")
    else:
        audit.record(
            "auth.login_failed",
            object_type="users",
            object_id=getattr(user, "id", None),
            summary=f"Đăng nhập thất bại: {username}",
            user=False,
        )
    db.session.commit()
    return user if ok else None


def load_session_user(session_id):
    """Flask-Login loader: the id carries the session token; a rotated token means the session has ended."""
    try:
        user_id, token = session_id.split(":", 1)
        user = db.session.get(User, int(user_id))
    except (ValueError, AttributeError):
        return None
    if user is None or not user.is_active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, name="", actor=None):
    """Create an API token and return it in clear once; only its hash is stored; commits."""
    begin_write()
    token = "vp_" + secrets.token_urlsafe(32)
    row = ApiToken(user=user, token_hash=_token_hash(token), name=name)
    db.session.add(row)
    db.session.flush()
    audit.record("token.issue", row, user=actor or user, summary=f"Cấp mã API cho {user.username}")
    db.session.commit()
    return token


def revoke_all_tokens(user):
    """Mark all the user's tokens revoked (in the caller's transaction)."""
    for row in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        row.revoked_at = utcnow()


def revoke_tokens_of(user, actor=None):
    """Revoke every API token of the user (the `flask users revoke-tokens` use case); audited; commits once."""
    begin_write()
    revoke_all_tokens(user)
    audit.record("token.revoke_all", user, user=actor, summary=f"Thu hồi mọi mã API của {user.username}")
    db.session.commit()


def revoke_token(token_id, actor=None):
    """Revoke one token by id; commits."""
    begin_write()
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("Không tìm thấy mã truy cập.")
    row.revoked_at = utcnow()
    audit.record("token.revoke", row, user=actor, summary=f"Thu hồi mã API #{row.id}")
    db.session.commit()


def user_for_token(token):
    """The active user behind a Bearer token, or None."""
    if not token:
        return None
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.is_active:
        return None
    _touch_token(row)
    return row.user


def _touch_token(row):
    """Record when the token was last used, at most once a minute per token, so reads rarely become writes."""
    now = utcnow()
    if row.last_used_at is not None and (now - row.last_used_at).total_seconds() < TOKEN_TOUCH_SECONDS:
        return
    begin_write()
    db.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == row.id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - timedelta(seconds=TOKEN_TOUCH_SECONDS)),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
