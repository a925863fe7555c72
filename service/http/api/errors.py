"""The one error shape of the API: {"error": {"code", "message", "details"}} with a fitting 4xx status."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or HTTP_CODES.get(status, "error")
        self.message = message
        self.details = details


def error_response(status: int, message: str, code: str | None = None, details: Any = None):
    body = {"error": {"code": code or HTTP_CODES.get(status, "error"), "message": message, "details": details}}
    resp = jsonify(body)
    resp.status_code = status
    return resp


def _is_api() -> bool:
    return request.path.startswith(("/api/", "/tmserver/", "/omegat/")) or request.path == "/healthz"


def install(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.message, exc.code, exc.details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if not _is_api():
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"request body too large (limit {limit} bytes)" if limit else "request body too large"
        return error_response(status, message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if _is_api():
            return error_response(500, "internal error; the request was not applied")
        return "Internal error", 500
