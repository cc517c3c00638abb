"""The second factor: TOTP (RFC 6238) with ten single-use recovery codes (the one home of pyotp and segno).

- The TOTP secret is stored sealed (Fernet, AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY with
  HKDF-SHA256, so a copied database or backup does not give the secrets away. Recovery codes are stored as
  HMAC-SHA256 under another derived key, for the same reason.
- A code is accepted within one 30-second step either side of the server's clock, and never twice: the last accepted
  time step is remembered.
- Wrong codes count as failed sign-in attempts of the account (`LoginAttempt`), so the password throttle
  (`accounts.throttled`) also stops guessing of codes.
"""

import base64
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, func, select

from portal.database import begin_write
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import LoginAttempt, RecoveryCode
from portal.models.base import utcnow
from portal.services import audit

ISSUER = "Cổng thông tin Đảng ủy Văn phòng"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


# --- policy ---------------------------------------------------------------------------------------------------------


def required_for(user):
    """True when the setting is on and the account reads leadership or secret documents or administers."""
    from portal.security import is_leadership

    if not current_app.config.get("TWO_FACTOR_REQUIRED"):
        return False
    return is_leadership(user) or user.has_role("branch_secretary")


def is_enabled(user):
    """True once the account has enrolled a TOTP app."""
    return user.totp_enabled_at is not None and bool(user.totp_secret)


# --- keys -----------------------------------------------------------------------------------------------------------


def _derived_key(purpose):
    """32 bytes from SECRET_KEY, one key per purpose (HKDF-SHA256)."""
    secret = current_app.config["SECRET_KEY"].encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"portal-2fa", info=purpose.encode()).derive(secret)


def _fernet():
    return Fernet(base64.urlsafe_b64encode(_derived_key("totp-secret:v1")))


def seal(secret):
    """The TOTP secret encrypted for storage (also used for the pending secret kept in the session)."""
    return _fernet().encrypt(secret.encode()).decode()


def unseal(token):
    """The TOTP secret back, or None when it was sealed under another key or tampered with."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, AttributeError):
        return None


def _code_hash(code):
    normal = code.strip().lower().replace("-", "").replace(" ", "")
    return hmac.new(_derived_key("recovery-code:v1"), normal.encode(), hashlib.sha256).hexdigest()


# --- enrolment ------------------------------------------------------------------------------------------------------


def new_secret():
    """A fresh random TOTP secret (160 bits, base32)."""
    return pyotp.random_base32(32)


def provisioning(user, secret):
    """(otpauth URI, QR code as an SVG data URI drawn here, offline, secret grouped for typing by hand)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return uri, qr, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret, code, after_step):
    """The time step (within ±1) whose code equals `code` and that comes after `after_step`, else None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time()
    for offset in (0, -1, 1):
        at = now + offset * totp.interval
        step = totp.timecode(_datetime(at))
        if hmac.compare_digest(totp.at(at), code) and (after_step is None or step > after_step):
            return step
    return None


def _datetime(timestamp):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC)


def _new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones; returns them in clear (shown once)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(raw)))
    return codes


def enable(user, sealed_secret, code):
    """Turn the second factor on after the user proves the app shows the right code; returns the recovery codes."""
    secret = unseal(sealed_secret or "")
    if secret is None:
        raise ValidationFailed("Phiên đăng ký đã hết hạn. Vui lòng quét lại mã QR mới.")
    step = _matching_step(secret, code, None)
    if step is None:
        raise ValidationFailed("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới.")
    begin_write()
    user.totp_secret = seal(secret)
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    audit.record("user.2fa_enable", user, user=user, summary=f"Bật xác thực hai lớp cho {user.username}")
    db.session.commit()
    return codes


def regenerate_recovery_codes(user):
    """Ten new recovery codes; the old ones stop working; commits."""
    begin_write()
    codes = _new_recovery_codes(user)
    audit.record("user.2fa_recovery_codes", user, user=user, summary=f"Tạo lại mã khôi phục cho {user.username}")
    db.session.commit()
    return codes


def recovery_codes_left(user):
    """How many unused recovery codes the user still has."""
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


# --- sign-in --------------------------------------------------------------------------------------------------------


def _check(user, code):
    """'totp' or 'recovery' when the code is right (and consumes it), else None. In the caller's transaction."""
    secret = unseal(user.totp_secret or "")
    if secret is None:
        return None
    step = _matching_step(secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return "totp"
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(code or ""),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is not None:
        row.used_at = utcnow()
        return "recovery"
    return None


def verify(user, code, ip):
    """Check a sign-in code (TOTP or recovery); records the attempt for the throttle and the audit log; commits."""
    begin_write()
    kind = _check(user, code) if is_enabled(user) else None
    db.session.add(LoginAttempt(username=user.username, ip=ip, success=kind is not None))
    if kind is None:
        audit.record("auth.2fa_failed", user, user=False, summary=f"Mã xác thực hai lớp sai: {user.username}")
    else:
        user.last_login_at = utcnow()
        label = "mã khôi phục" if kind == "recovery" else "ứng dụng xác thực"
        audit.record("auth.2fa_login", user, user=user, summary=f"Xác thực hai lớp ({label}): {user.username}")
    db.session.commit()
    return kind


def disable(user, code, ip):
    """Turn off an opted-in second factor after a correct code; refused while the policy requires it; commits."""
    if required_for(user):
        raise ValidationFailed("Tài khoản của đồng chí bắt buộc dùng xác thực hai lớp; không thể tắt.")
    if verify(user, code, ip) is None:
        raise ValidationFailed("Mã xác thực không đúng.")
    begin_write()
    _clear(user)
    audit.record("user.2fa_disable", user, user=user, summary=f"Tắt xác thực hai lớp của {user.username}")
    db.session.commit()


def _clear(user):
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset(user, actor=None):
    """Administrator's reset (lost phone): second factor off, recovery codes and API tokens revoked, sessions ended."""
    from .users import revoke_all_tokens

    begin_write()
    _clear(user)
    revoke_all_tokens(user)
    user.session_token = secrets.token_hex(16)
    audit.record(
        "user.2fa_reset",
        user,
        user=actor,
        summary=f"Đặt lại xác thực hai lớp của {user.username}; mã API bị thu hồi, các phiên đăng nhập kết thúc",
    )
    db.session.commit()
