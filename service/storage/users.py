"""Accounts and API tokens. Passwords are argon2 hashes; tokens are random and stored only as
their sha256 (they carry 256 bits, so a slow hash would add nothing but latency per request)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from models.errors import Conflict, InputError, NotFound, PilotdocError
from service.auth import passwords
from service.auth.sessions import SessionData
from service.storage.tables import ApiToken, Role, User, utcnow

TOKEN_PREFIX = "pd_"
# Login throttling: this many wrong passwords in a row lock the account for LOCK_BASE_S,
# doubling with every further miss up to LOCK_MAX_S; a correct sign-in resets the count.
FREE_ATTEMPTS = 5
LOCK_BASE_S = 30
LOCK_MAX_S = 15 * 60


class BadUser(InputError):
    code = "bad_user"


class LastAdmin(Conflict):
    code = "last_admin"


class TooManyAttempts(PilotdocError):
    code = "too_many_attempts"
    http_status = 429

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"密码错误次数过多，请 {retry_after_s} 秒后再试")
        self.retry_after_s = retry_after_s


def _check_role(role: str, unit: str | None) -> None:
    if role not in Role.__members__:
        raise BadUser(f"角色必须是以下之一：{', '.join(Role)}")
    if role == Role.submitter and not unit:
        raise BadUser("提交者账户必须填写所属单位")


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
    stays_admin = new_role == Role.admin and not (
        disabled if disabled is not None else user.disabled
    )
    if user.role == Role.admin and not user.disabled and not stays_admin:
        _keep_an_admin(session, user)
    user.role, user.unit = new_role, new_unit or None
    if disabled is not None and disabled != user.disabled:
        user.disabled = disabled
        user.session_version += 1
    session.flush()
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    """Refuse a change that would leave no enabled admin (nobody could administer again)."""
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.admin, User.disabled.is_(False), User.id != leaving.id)
    )
    if not others:
        raise LastAdmin("不能降级或停用最后一个启用的管理员账户")


def set_password(session: Session, user: User, password: str) -> None:
    """A new password signs out every session and revokes every API token of the account."""
    user.password_hash = passwords.hash_password(password)
    user.session_version += 1
    session.execute(sql_update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    session.flush()


def end_session(session: Session, user: User) -> None:
    """Sign out server-side: the cookie is void even if a copy of it is replayed."""
    user.session_version += 1
    session.flush()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this password, or None; TooManyAttempts while the account is
    locked after repeated wrong passwords. Rehashes when argon2 parameters change."""
    user = by_username(session, username) if "\x00" not in username else None
    if user is None or user.password_hash is None:
        passwords.burn_time()  # answer as slowly for unknown names as for wrong passwords
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        raise TooManyAttempts(max(1, int((user.locked_until - now).total_seconds()) + 1))
    if not passwords.verify(user.password_hash, password):
        user.failed_logins += 1
        over = user.failed_logins - FREE_ATTEMPTS
        if over >= 0:
            lock = min(LOCK_MAX_S, LOCK_BASE_S * 2 ** min(over, 10))
            user.locked_until = now + timedelta(seconds=lock)
        session.commit()  # the count must survive the 401 that follows
        return None
    if user.disabled:
        return None
    user.failed_logins, user.locked_until = 0, None
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


def peek_token(session: Session, token: str) -> bool:
    """Whether a token is live, changing nothing (the edge check before reading a body)."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked:
        return False
    user = session.get(User, row.user_id)
    return user is not None and not user.disabled


def session_is_live(session: Session, data: SessionData) -> bool:
    user = session.get(User, data.user_id)
    return user is not None and not user.disabled and user.session_version == data.session_version


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


def get_token(session: Session, token_id: int) -> ApiToken | None:
    return session.get(ApiToken, token_id)


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"没有编号为 {token_id} 的令牌")
    row.revoked = True
    session.flush()
    return row
