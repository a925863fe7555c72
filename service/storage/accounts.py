"""Persistence of API tokens, web users and failed sign-ins (secrets arrive here already hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.storage.models import ApiToken, LoginAttempt, User, utcnow


def add_token(session: Session, name: str, role: str, token_hash: str, prefix: str) -> ApiToken:
    row = ApiToken(name=name, role=role, token_hash=token_hash, prefix=prefix)
    session.add(row)
    session.flush()
    return row


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(session: Session, token_id: int) -> bool:
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def add_user(session: Session, username: str, password_hash: str, role: str) -> User:
    user = User(username=username, password_hash=password_hash, role=role)
    session.add(user)
    session.flush()
    return user


def user_by_name(session: Session, username: str, *, active_only: bool = False) -> User | None:
    stmt = select(User).where(User.username == username)
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    return session.scalar(stmt)


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def failures_since(session: Session, key: str, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == key, LoginAttempt.at > since)
        )
        or 0
    )


def add_failure(session: Session, key: str) -> None:
    session.add(LoginAttempt(key=key))


def clear_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
