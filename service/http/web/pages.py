"""Shared page plumbing: the home redirect, the signed-in user and forms in every template, HTML errors."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from service.http.web import bp
from service.http.web.auth import load_principal
from service.http.web.forms import ActionForm


@bp.get("/")
def home():
    return redirect(url_for("web.glossary"))


@bp.app_context_processor
def page_globals():
    return {"principal": load_principal(), "sign_out_form": ActionForm}


@bp.errorhandler(CSRFError)
def csrf_error(exc: CSRFError):
    return render_template(
        "error.html",
        code=400,
        title="The form has expired",
        message="The form was missing its security token or it had expired. Go back, reload the page and submit again.",
    ), 400


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return render_template("error.html", code=exc.code, title=exc.name, message=exc.description), exc.code
