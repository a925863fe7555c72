"""Bearer-token checks for API writes: 401 without a valid token, 403 with too small a role."""

from __future__ import annotations

from flask import request

from service.application.accounts import Principal, verify_token
from service.http.api.errors import ApiError
from service.http.context import db_session


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def require_role(role: str) -> Principal:
    token = bearer_token()
    if token is None:
        raise ApiError(401, "this request needs 'Authorization: Bearer <token>' (yiku token create)")
    principal = verify_token(db_session(), token)
    if principal is None:
        raise ApiError(401, "the token is unknown or revoked")
    if not principal.can(role):
        raise ApiError(403, f"this request needs the {role} role; the token has {principal.role}")
    return principal
