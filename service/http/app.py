"""Flask application factory: config, error handling, blueprints, health check. The HTTP layer stays thin."""

from __future__ import annotations

from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider

from service.application.runtime import Runtime
from service.config import Settings
from service.http.api import errors
from service.http.context import close_session


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    settings = settings or Settings()
    app = Flask(__name__, template_folder="web/templates", static_folder=None)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        JSON_SORT_KEYS=False,
        TESTING=settings.testing,
        YIKU_MAX_BODY_BYTES=settings.max_body_bytes,
    )
    assert isinstance(app.json, DefaultJSONProvider)
    app.json.ensure_ascii = False  # Chinese as it is, not \u escapes
    app.json.sort_keys = False
    app.extensions["yiku"] = runtime or Runtime(settings)
    errors.install(app)
    app.teardown_appcontext(close_session)

    from flask_wtf.csrf import CSRFProtect

    from service.http.api import bp as api_bp
    from service.http.compat import bp as compat_bp
    from service.http.web import bp as web_bp

    csrf = CSRFProtect(app)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies
    app.register_blueprint(api_bp)
    csrf.exempt(compat_bp)  # reads only, for clients without cookies
    app.register_blueprint(compat_bp)
    app.register_blueprint(web_bp)
    from service.http.busy import retry_form_posts

    retry_form_posts(app, "web")
    from service.http.api.meta import register_docs_page

    register_docs_page(app)

    @app.get("/healthz")
    def healthz():
        ok = app.extensions["yiku"].db.ping()
        body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable"}
        return jsonify(body), 200 if ok else 503

    return app
