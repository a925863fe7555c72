"""The web forms (Flask-WTF, so every one carries a CSRF token) and their conversion to repository fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from glossary.model import Category, Status
from service.formats import base as formats
from service.formats.xliff import EXTENSIONS as XLIFF_EXTENSIONS
from service.http.web.term_compare import field_text

CATEGORY_CHOICES = [SelectChoice(c.value) for c in Category]
STATUS_CHOICES = [SelectChoice(s.value) for s in Status]


class SignInForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Password", validators=[DataRequired()])
    next = HiddenField()
    submit = SubmitField("Sign in")


class ActionForm(FlaskForm):
    """A form with no fields but the CSRF token: sign-out, deprecate, delete."""


class TermForm(FlaskForm):
    source = StringField("Source (Chinese)", validators=[Length(max=200)])
    variants = TextAreaField("Variants (one per line)")
    target = StringField("Target (English)", validators=[Length(max=500)])
    admitted = TextAreaField("Admitted renderings (one per line)")
    forbidden = TextAreaField("Forbidden renderings (one per line)")
    category = SelectField("Category", choices=CATEGORY_CHOICES, default=Category.OTHER.value)
    status = SelectField("Status", choices=STATUS_CHOICES, default=Status.APPROVED.value)
    note = TextAreaField("Note")
    domain = StringField("Domain", validators=[Length(max=64)])
    pattern = StringField(
        "Pattern",
        validators=[Length(max=500)],
        description="Only organizations and titles, e.g. {place} Department of Veterans Affairs",
    )
    version = HiddenField()
    submit = SubmitField("Save")

    def term_fields(self) -> dict[str, Any]:
        """The fields as the glossary repository takes them: list fields split into one entry per line."""
        return {
            "source": self.source.data or "",
            "target": self.target.data or "",
            "variants": split_lines(self.variants.data),
            "admitted": split_lines(self.admitted.data),
            "forbidden": split_lines(self.forbidden.data),
            "category": self.category.data,
            "status": self.status.data,
            "note": self.note.data or "",
            "domain": self.domain.data or "",
            "pattern": self.pattern.data or "",
        }

    def fill(self, term: Mapping[str, Any]) -> None:
        """Show a stored term (a term_to_dict mapping) in the form."""
        for name in (
            "source",
            "target",
            "variants",
            "admitted",
            "forbidden",
            "category",
            "status",
            "note",
            "domain",
            "pattern",
        ):
            getattr(self, name).data = field_text(name, term.get(name))
        self.version.data = str(term.get("version", ""))

    def add_errors(self, errors: list[tuple[str, str]]) -> list[str]:
        """Attach repository errors to their fields; returns those that belong to no single field."""
        unplaced = []
        for name, message in errors:
            field = getattr(self, name, None) if name in self._fields else None
            if field is None:
                unplaced.append(message)
            else:
                field.errors = list(field.errors) + [message]
        return unplaced


_GLOSSARY_TITLES = ", ".join(f.title for f in formats.formats("glossary"))
_GLOSSARY_EXTENSIONS = [ext for f in formats.formats("glossary") for ext in f.extensions]


class TermImportForm(FlaskForm):
    file = FileField(
        f"Glossary file ({_GLOSSARY_TITLES})",
        validators=[
            FileAllowed(
                _GLOSSARY_EXTENSIONS,
                "choose a "
                + ", ".join(f".{e}" for e in _GLOSSARY_EXTENSIONS[:-1])
                + f" or .{_GLOSSARY_EXTENSIONS[-1]} file",
            )
        ],
    )
    format = SelectField(
        "Format",
        choices=[SelectChoice("auto", "from the file name")]
        + [SelectChoice(f.name, f.title) for f in formats.formats("glossary")],
        default="auto",
    )
    submit = SubmitField("Preview")


class ImportConfirmForm(FlaskForm):
    """Carries the previewed file back, so what is applied is exactly what was previewed."""

    payload = HiddenField(validators=[DataRequired()])
    format = HiddenField(validators=[DataRequired()])
    filename = HiddenField()
    submit = SubmitField("Apply the import")


class AssistForm(FlaskForm):
    text = TextAreaField("Chinese text", validators=[Optional(), Length(max=1_000_000)])
    upload = FileField("or a .txt file", validators=[FileAllowed(["txt"], "choose a .txt file")])
    document = StringField("Document name (for stored translations)", validators=[Optional(), Length(max=300)])
    min_score = IntegerField("Lowest match score", default=70, validators=[InputRequired(), NumberRange(0, 100)])
    prefill_min_score = IntegerField(
        "Fill in drafts from score", default=95, validators=[Optional(), NumberRange(0, 101)]
    )
    submit = SubmitField("Analyse")


class VerdictForm(FlaskForm):
    segment_id = HiddenField(validators=[DataRequired()])
    code = HiddenField(validators=[DataRequired(), Length(max=40)])
    message = HiddenField(validators=[DataRequired(), Length(max=2000)])
    verdict = HiddenField(validators=[DataRequired()])
    document = HiddenField()


class StoreSegmentForm(FlaskForm):
    source = HiddenField(validators=[DataRequired()])
    context_before = HiddenField()
    context_after = HiddenField()
    document = HiddenField()
    target = TextAreaField("Translation", validators=[DataRequired(), Length(max=100_000)])
    confirm = HiddenField()  # "1": store although the checks found a forbidden rendering or a missing number
    submit = SubmitField("Store")


class NewDocumentForm(FlaskForm):
    name = StringField("Document name", validators=[DataRequired(), Length(max=300)])
    text = TextAreaField("Chinese text", validators=[Optional(), Length(max=2_000_000)])
    upload = FileField(
        "or a .txt file, or an XLIFF file from a CAT tool",
        validators=[
            FileAllowed(["txt", "xml", *XLIFF_EXTENSIONS], "choose a .txt or an XLIFF (.xlf, .xliff, .xml) file")
        ],
    )
    submit = SubmitField("Start translating")


class AlignForm(FlaskForm):
    source = TextAreaField("Chinese text", validators=[Optional(), Length(max=1_000_000)])
    target = TextAreaField("Its English version", validators=[Optional(), Length(max=2_000_000)])
    text = TextAreaField(
        "or one bilingual text (Chinese and English lines alternating)", validators=[Optional(), Length(max=3_000_000)]
    )
    submit = SubmitField("Align")


class WorkspaceSegmentForm(FlaskForm):
    """A segment's translation: saved as a draft, or confirmed (checked and stored in the memory)."""

    target = TextAreaField("Translation", validators=[Length(max=40_000)])
    action = HiddenField()  # draft | confirm (a button's value when sent without the page's script)
    confirm = HiddenField()  # "1": confirm although the checks found a forbidden rendering or a missing number
    back = HiddenField()  # the page (query string) to return to


class SegmentForm(FlaskForm):
    source = TextAreaField("Source", validators=[DataRequired()])
    target = TextAreaField("Target", validators=[DataRequired()])
    submit = SubmitField("Save")


def split_lines(text: str | None) -> list[str]:
    """One entry per non-blank line, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
