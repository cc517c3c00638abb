"""Accounts and units: users, passwords, sign-in throttling, API tokens, the unit register."""

from . import units  # noqa: F401
from .users import (  # noqa: F401
    MIN_PASSWORD,
    authenticate,
    check_password_strength,
    create_user,
    end_sessions,
    hash_password,
    issue_token,
    load_session_user,
    revoke_all_tokens,
    revoke_token,
    revoke_user_tokens,
    set_password,
    throttled,
    update_user,
    user_for_token,
)
