"""API tokens and web users: secrets are only ever stored hashed."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from service.storage.models import ApiToken, LoginAttempt, User, utcnow

ROLES = ("editor", "admin")
ROLE_RANK = {"reader": 0, "editor": 1, "admin": 2}
TOKEN_PREFIX = "yk_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is making a request, and what they may do."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


def create_token(session: Session, role: str, name: str = "") -> tuple[ApiToken, str]:
    """Make a token; the plain value is returned once and never stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role, token_hash=hash_token(plain), prefix=plain[:10])
    session.add(row)
    session.flush()
    return row, plain


def verify_token(session: Session, plain: str) -> Principal | None:
    digest = hash_token(plain)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # the lookup is by hash; compare again in constant time so no timing signal depends on the secret
    if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
        return None
    return Principal(name=row.name or f"token:{row.prefix}", role=row.role)


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(session: Session, token_id: int) -> bool:
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def create_user(session: Session, username: str, password: str, role: str) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username.strip():
        raise ValueError("user name must not be empty")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"user {username!r} exists already")
    user = User(username=username, password_hash=generate_password_hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, username: str, password: str) -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValueError(f"no user {username!r}")
    user.password_hash = generate_password_hash(password)


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        # same work as a real check, so a missing user is not faster to detect
        check_password_hash(generate_password_hash("x"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_MAX_FAILURES = 5


def login_blocked(session: Session, key: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    count = session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == key,
                                                             LoginAttempt.at > now - LOGIN_WINDOW)
    )
    return (count or 0) >= LOGIN_MAX_FAILURES


def record_login_failure(session: Session, key: str) -> None:
    session.add(LoginAttempt(key=key))


def clear_login_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
