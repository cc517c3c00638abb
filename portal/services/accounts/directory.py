"""Reading the account register: the filtered user list, one user, their API tokens, head counts per unit."""

from sqlalchemy import func, or_, select

from portal.errors import NotFound
from portal.extensions import db
from portal.models import ApiToken, Unit, User, UserRole

from .units import unit_by_code


def find_users(q="", unit_code=None, role=None, state=None):
    """Users by name, unit code, role and state ("active"/"disabled"), by user name."""
    query = select(User).order_by(User.username)
    q = (q or "").strip()
    if q:
        query = query.where(or_(User.username.ilike(f"%{q}%"), User.full_name.ilike(f"%{q}%")))
    if unit_code:
        unit = unit_by_code(unit_code)
        query = query.where(User.unit_id == (unit.id if unit else -1))
    if role:
        query = query.where(User.role_rows.any(UserRole.role == role))
    if state in ("active", "disabled"):
        query = query.where(User.is_active.is_(state == "active"))
    return list(db.session.scalars(query))


def get_user(user_id):
    """The account with that id; NotFound otherwise."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.")
    return user


def tokens_of(user):
    """The user's API tokens, newest first."""
    return list(
        db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc()))
    )


def get_token(token_id):
    """The API token row with that id; NotFound otherwise."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("Không tìm thấy mã API.")
    return row


def users_per_unit():
    """{unit_id: number of accounts} (None for accounts without a unit)."""
    return dict(db.session.execute(select(User.unit_id, func.count(User.id)).group_by(User.unit_id)).all())


def account_counts():
    """(all accounts, locked accounts)."""
    total = db.session.scalar(select(func.count(User.id)))
    locked = db.session.scalar(select(func.count(User.id)).where(User.is_active.is_(False)))
    return total, locked


def get_unit(unit_id):
    """The unit with that id, or None."""
    return db.session.get(Unit, unit_id) if unit_id else None
