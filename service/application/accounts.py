"""Who may do what: roles, API tokens (shown once, stored hashed), web users and the limit on failed
sign-ins."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from service.storage import accounts as account_store
from service.storage.models import ApiToken, User, utcnow

ROLES = ("editor", "admin")
ROLE_RANK = {"reader": 0, "editor": 1, "admin": 2}
TOKEN_PREFIX = "yk_"
MIN_PASSWORD_LENGTH = 8
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_MAX_FAILURES = 5


@dataclass(frozen=True)
class Principal:
    """Who is making a request, and what they may do."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")


def create_token(session: Session, role: str, name: str = "") -> tuple[ApiToken, str]:
    """Make a token; the plain value is returned once and never stored."""
    _check_role(role)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return account_store.add_token(session, name, role, hash_token(plain), plain[:10]), plain


def verify_token(session: Session, plain: str) -> Principal | None:
    digest = hash_token(plain)
    row = account_store.token_by_hash(session, digest)
    # the lookup is by hash; compare again in constant time so no timing signal depends on the secret
    if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
        return None
    return Principal(name=row.name or f"token:{row.prefix}", role=row.role)


def list_tokens(session: Session) -> list[ApiToken]:
    return account_store.list_tokens(session)


def revoke_token(session: Session, token_id: int) -> bool:
    return account_store.revoke_token(session, token_id)


def create_user(session: Session, username: str, password: str, role: str) -> User:
    _check_role(role)
    if not username.strip():
        raise ValueError("user name must not be empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if account_store.user_by_name(session, username) is not None:
        raise ValueError(f"user {username!r} exists already")
    return account_store.add_user(session, username, generate_password_hash(password), role)


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = account_store.user_by_name(session, username, active_only=True)
    if user is None:
        # same work as a real check, so a missing user is not faster to detect
        check_password_hash(generate_password_hash("x"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def user_principal(session: Session, user_id: int) -> Principal | None:
    """The principal of a signed-in user who still exists and is active."""
    user = account_store.user_by_id(session, user_id)
    if user is None or not user.active:
        return None
    return Principal(name=user.username, role=user.role)


def login_blocked(session: Session, key: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return account_store.failures_since(session, key, now - LOGIN_WINDOW) >= LOGIN_MAX_FAILURES


def record_login_failure(session: Session, key: str) -> None:
    account_store.add_failure(session, key)


def clear_login_failures(session: Session, key: str) -> None:
    account_store.clear_failures(session, key)
