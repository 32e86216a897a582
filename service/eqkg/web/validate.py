"""Plan validation pages: upload or paste a plan, read the report; and POST /api/validate for machines.

The upload is validated in memory and thrown away: nothing is written to the store.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import validation
from ..errors import InputError
from ..validation import inputs, template
from . import error_response

bp = Blueprint("validate", __name__)

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Validate a plan", "cy": "Dilysu cynllun"},
    "intro": {"en": "Upload a draft strategic equality plan, or paste it, to see which protected "
                    "characteristics and general-duty aims no objective covers and what each "
                    "objective still lacks. Nothing you upload is stored.",
              "cy": "Llwythwch gynllun cydraddoldeb strategol drafft i fyny, neu ei ludo, i weld pa "
                    "nodweddion gwarchodedig a nodau'r ddyletswydd gyffredinol nad oes amcan yn "
                    "ymdrin â nhw a beth sydd ar goll o hyd o bob amcan. Nid yw dim a lwythwch i fyny "
                    "yn cael ei storio."},
    "file": {"en": "Plan file (CSV, XLSX, Turtle, JSON-LD, text or markdown)",
             "cy": "Ffeil y cynllun (CSV, XLSX, Turtle, JSON-LD, testun neu markdown)"},
    "paste": {"en": "or paste the plan", "cy": "neu ludo'r cynllun"},
    "format": {"en": "Format of pasted text", "cy": "Fformat y testun a ludwyd"},
    "auto": {"en": "detect", "cy": "canfod"},
    "submit": {"en": "Validate", "cy": "Dilysu"},
    "templates": {"en": "Templates: an equality objectives table to fill in",
                  "cy": "Templedi: tabl amcanion cydraddoldeb i'w lenwi"},
    "ticks": {"en": "Tick a cell with one of", "cy": "Ticiwch gell gydag un o"},
    "limit": {"en": "Largest upload", "cy": "Y llwyth mwyaf"},
    "too_large": {"en": "The upload is larger than the {limit} limit.",
                  "cy": "Mae'r llwyth yn fwy na'r terfyn o {limit}."},
    "nothing": {"en": "Choose a file or paste a plan.", "cy": "Dewiswch ffeil neu ludo cynllun."},
}


def tx(key: str) -> str:
    entry = TEXT[key]
    return entry.get(g.get("lang", "en")) or entry["en"]


def _limit() -> str:
    return inputs.human_size(validation.MAX_BYTES)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: Exception) -> Any:
    return error_response(tx("too_large").format(limit=_limit()), 413)


@bp.errorhandler(InputError)
def _unusable(exc: InputError) -> Any:
    if request.path.startswith("/api/"):
        return error_response(str(exc), 400)
    return render_template("validate_form.html", tx=tx, error=str(exc), ticks=template.TICKS,
                           limit=_limit()), 400


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
    raise InputError(TEXT["nothing"]["en"] if g.get("lang") != "cy" else TEXT["nothing"]["cy"])


def _validate() -> validation.Report:
    data, filename, fmt, content_type = _upload()
    if fmt is not None and fmt not in inputs.FORMATS:
        raise InputError(f"unknown input format {fmt!r}; expected one of {', '.join(inputs.FORMATS)}")
    return validation.validate_bytes(data, filename, fmt, content_type, lang=g.get("lang", "en"))


@bp.get("/validate")
def form() -> Any:
    return render_template("validate_form.html", tx=tx, error=None, ticks=template.TICKS,
                           limit=_limit())


@bp.post("/validate")
def results() -> Any:
    report = _validate()
    return render_template("validate_result.html", tx=tx,
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
    best = request.accept_mimetypes.best_match(
        ["application/json", "text/turtle", "text/html"], default="application/json")
    if request.args.get("format") in ("json", "ttl", "html"):
        best = {"json": "application/json", "ttl": "text/turtle",
                "html": "text/html"}[request.args["format"]]
    report = _validate()
    output = {"application/json": "json", "text/turtle": "ttl", "text/html": "html"}[best]
    body = validation.render(report, output)
    mimetype = best if output != "json" else "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"X-Plan-Conforms": "true" if report.conforms else "false"})
