"""Accounts and API tokens. Passwords are argon2 hashes; tokens are random and stored only as
their sha256 (they carry 256 bits, so a slow hash would add nothing but latency per request)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.errors import Conflict, InputError, NotFound
from service.auth import passwords
from service.storage.tables import ApiToken, Role, User, utcnow

TOKEN_PREFIX = "pd_"


class BadUser(InputError):
    code = "bad_user"


def _check_role(role: str, unit: str | None) -> None:
    if role not in Role.__members__:
        raise BadUser(f"role must be one of {', '.join(Role)}")
    if role == Role.submitter and not unit:
        raise BadUser("a submitter needs a unit")


def create(
    session: Session, username: str, password: str | None, role: str, unit: str | None = None
) -> User:
    _check_role(role, unit)
    if by_username(session, username) is not None:
        raise Conflict(f"user {username!r} exists")
    user = User(
        username=username,
        password_hash=passwords.hash_password(password) if password else None,
        role=role,
        unit=unit or None,
    )
    session.add(user)
    session.flush()
    return user


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def require(session: Session, username: str) -> User:
    user = by_username(session, username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def all_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def update(
    session: Session,
    user: User,
    *,
    role: str | None = None,
    unit: str | None = None,
    disabled: bool | None = None,
) -> User:
    new_role = role or user.role
    new_unit = unit if unit is not None else user.unit
    _check_role(new_role, new_unit)
    user.role, user.unit = new_role, new_unit or None
    if disabled is not None and disabled != user.disabled:
        user.disabled = disabled
        user.session_version += 1
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    user.session_version += 1  # log out every other session
    session.flush()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this password, or None. Rehashes when argon2 parameters change."""
    user = by_username(session, username)
    if user is None or user.password_hash is None:
        passwords.burn_time()  # answer as slowly for unknown names as for wrong passwords
        return None
    if not passwords.verify(user.password_hash, password) or user.disabled:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the plain text is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=_digest(plain), prefix=plain[:10])
    session.add(row)
    session.flush()
    return row, plain


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    row.last_used_at = utcnow()
    return user


def tokens(session: Session, user: User) -> Sequence[ApiToken]:
    return session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()


def revoke_token(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no token {token_id}")
    row.revoked = True
