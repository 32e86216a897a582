"""Plan validation pages: upload or paste a plan, read the report; and POST /api/validate for machines.

The upload is validated in memory and thrown away: nothing is written to the store.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import validation
from ..errors import InputError
from ..i18n import current_lang, t
from ..publish.conneg import choose
from ..validation import inputs, template
from . import error_response

bp = Blueprint("validate", __name__)
# What POST /api/validate answers in: report format name -> media type (JSON by default).
REPORT_TYPES = {"json": "application/json", "ttl": "text/turtle", "html": "text/html"}

def _limit() -> str:
    return inputs.human_size(validation.MAX_BYTES)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: Exception) -> Any:
    return error_response(t("validate.too_large", limit=_limit()), 413)


@bp.errorhandler(InputError)
def _unusable(exc: InputError) -> Any:
    if request.path.startswith("/api/"):
        return error_response(str(exc), 400)
    return _form(error=str(exc)), 400


def _upload() -> tuple[bytes, str | None, str | None, str | None]:
    """(data, filename, format, content type) from a multipart file, a pasted text or a raw body."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.stream.read(validation.MAX_BYTES + 1)
        return data, upload.filename, None, upload.mimetype
    pasted = request.form.get("text", "")
    if pasted.strip():
        fmt = request.form.get("input_format") or None
        return pasted.encode("utf-8"), None, fmt, None
    if request.mimetype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        data = request.get_data(cache=False)
        fmt = request.args.get("input_format") or None
        return data, request.args.get("filename"), fmt, request.mimetype
    raise InputError(t("validate.nothing"))


def _validate() -> validation.Report:
    data, filename, fmt, content_type = _upload()
    if fmt is not None and fmt not in inputs.FORMATS:
        raise InputError(f"unknown input format {fmt!r}; expected one of {', '.join(inputs.FORMATS)}")
    return validation.validate_bytes(data, filename, fmt, content_type, lang=current_lang())


def _form(error: str | None = None) -> str:
    return render_template("validate_form.html", error=error, ticks=template.TICKS,
                           limit=_limit())


@bp.get("/validate")
def form() -> Any:
    return _form()


@bp.post("/validate")
def results() -> Any:
    report = _validate()
    return render_template("validate_result.html",
                           fragment=validation.render(report, "html", standalone=False))


@bp.get("/validate/template.csv")
def template_csv() -> Response:
    return Response(template.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=equality-objectives.csv"})


@bp.get("/validate/template.xlsx")
def template_xlsx() -> Response:
    return Response(
        template.template_xlsx(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=equality-objectives.xlsx"})


@bp.post("/api/validate")
def api() -> Any:
    """Validate a plan sent as multipart `file`, form `text` or the raw body; the report by Accept."""
    output = choose(request.accept_mimetypes, request.args.get("format"), REPORT_TYPES)
    report = _validate()
    return Response(validation.render(report, output), mimetype=REPORT_TYPES[output],
                    headers={"X-Plan-Conforms": "true" if report.conforms else "false"})
