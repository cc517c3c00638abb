"""Accounts and units: users, passwords, sign-in throttling, the second factor, API tokens, the unit register."""

from . import directory, two_factor, units  # noqa: F401
from .users import (  # noqa: F401
    MIN_PASSWORD,
    acting_user,
    authenticate,
    check_password_strength,
    create_user,
    end_sessions,
    hash_password,
    issue_token,
    load_session_user,
    revoke_all_tokens,
    revoke_token,
    revoke_tokens_of,
    set_password,
    throttled,
    update_user,
    user_by_username,
    user_for_token,
    verify_password,
)
