"""Plan validation pages: upload or paste a plan, see what was read, correct it, read the report;
and POST /api/validate for machines.

The results page shows what was read first ("We read 6 objectives and 14 steps
from your document"), then a plain HTML form to correct the reading (works
without JavaScript), then the findings. "Check again" posts the corrected plan
to /validate/check, which judges it as the equality objectives template
(validation.corrections); /validate/corrected.csv|.xlsx|.ttl download it.
The upload is validated in memory and thrown away: nothing is written to the store.
Every check runs in a validation worker (validation.worker) with a time, memory
and size limit: 503 past the time or memory limit, 413 past the size cap.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from rdflib import Graph
from werkzeug.exceptions import RequestEntityTooLarge

from .. import validation
from ..errors import EqkgError, InputError
from ..i18n import current_lang, t
from ..i18n.errors import localise
from ..publish.conneg import choose
from ..publish.uris import href
from ..validation import compare, corrections, inputs, template, worker
from ..validation.report import Labeller
from . import error_response, get_store

bp = Blueprint("validate", __name__)
_MULTIPART_MARGIN = 64 * 1024  # form fields and part headers around an uploaded file


@bp.before_request
def _upload_limit() -> None:
    """Uploads may be as large as a document may be (the app's limit elsewhere is the smaller /sparql one)."""
    request.max_content_length = validation.MAX_BYTES + _MULTIPART_MARGIN
# What POST /api/validate answers in: report format name -> media type (JSON by default).
REPORT_TYPES = {"json": "application/json", "ttl": "text/turtle", "html": "text/html"}

def _limit() -> str:
    return inputs.human_size(validation.MAX_BYTES)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: Exception) -> Any:
    return error_response(t("validate.too_large", limit=_limit()), 413)


def upload_failed(exc: InputError | worker.ValidationLimit, machine: bool,
                  page: Callable[[str], str]) -> Any:
    """An upload that could not be read or checked: the one-line error for a machine, else the
    form again with it (`page`); 400, 413, or 503 with Retry-After past a worker's limit."""
    status = exc.http_status  # 413 for a file over the limit, 503 past a limit, else 400
    response, status = (error_response(str(exc), status) if machine
                        else (page(str(exc)), status))
    return response, status, {"Retry-After": "60"} if status == 503 else {}


@bp.errorhandler(worker.ValidationLimit)
@bp.errorhandler(InputError)
def _unusable(exc: InputError | worker.ValidationLimit) -> Any:
    return upload_failed(exc, request.path.startswith("/api/"), lambda e: _form(error=e))


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


def _check(data: bytes, filename: str | None, fmt: str | None, content_type: str | None,
           outputs: tuple[str, ...], correction: bool, **overrides: str) -> worker.Outcome:
    """Validate in a worker, within the limits (EQKG_VALIDATE_TIMEOUT, _MEMORY_MB, _MAX_ITEMS).
    The worker also sends back what the peer comparison reads of the plan."""
    job = worker.Job(data, filename, fmt, content_type, current_lang(), outputs, correction,
                     overrides.get("kind"), overrides.get("source"), worker.Limits.from_env(),
                     compare=True)
    return worker.outcome_or_raise(worker.shared_pool().execute(job))


def _validate(outputs: tuple[str, ...], correction: bool = False) -> worker.Outcome:
    data, filename, fmt, content_type = _upload()
    if fmt is not None and fmt not in inputs.FORMATS:  # the paste form's select, or ?input_format=
        raise InputError(f"unknown input format {fmt!r}; expected one of {', '.join(inputs.FORMATS)}")
    return _check(data, filename, fmt, content_type, outputs, correction)


def comparison(outcome: worker.Outcome, sector: str | None = None
               ) -> tuple[compare.Comparison | None, str | None]:
    """"How your plan compares" for a plan a worker read: run here, against the store this
    process serves (the worker has none), through the saved query peer-coverage. (None, why)
    when the plan's sector cannot be told."""
    if outcome.plan_facts is None:
        return None, None
    plan = compare.from_essentials(outcome.plan_facts)
    try:
        store = get_store()
    except EqkgError:  # no store to compare with: the report alone (validation needs none)
        return None, None
    try:
        return compare.compare_plan(store, plan, sector, current_lang()), None
    except InputError as exc:
        return None, localise(str(exc), current_lang())


def _item_name(iri: str) -> str:
    """An item of a peer's document by its document and place: "gwent-jsep-2020-2024, Objective 4"."""
    from .tables import part_label

    parts = iri.split("/")
    where = part_label(iri, current_lang())
    return f"{parts[parts.index('id') + 2] if 'id' in parts else iri}, {where}" if where else iri


def _with_section(html: str, outcome: worker.Outcome) -> str:
    """A standalone report page (API, PDF) with the comparison section before </body>."""
    result, _ = comparison(outcome)
    if result is None:
        return html
    section = compare.to_html(result, current_lang())
    return html.replace("</body>", section + "</body>", 1) if "</body>" in html else html + section


def _form(error: str | None = None) -> str:
    error = localise(error, current_lang()) if error else None
    return render_template("validate_form.html", error=error, ticks=template.TICKS,
                           limit=_limit(), accept=",".join(inputs.ACCEPTED_SUFFIXES))


def _columns(lang: str) -> dict[str, list[dict[str, str]]]:
    """The characteristic and aim tick boxes of the correction form, labelled in `lang`."""
    labeller = Labeller(Graph(), lang)
    out: dict[str, list[dict[str, str]]] = {"characteristic": [], "aim": []}
    for col in template.columns():
        if col.concept is not None:
            out[col.kind].append({"key": col.key, "label": labeller.concept(col.concept)})
    return out


def _correction_form(entry: corrections.PlanEntry,
                     errors: list[corrections.FieldError] | None = None) -> str:
    lang = current_lang()
    cols = _columns(lang)
    return render_template("validate_correct.html", entry=entry, chars=cols["characteristic"],
                           aims=cols["aim"], errors={e.field: e.message for e in errors or []})


def _results(outcome: worker.Outcome, source: str | None = None) -> str:
    """The report page; the worker left a slot for the correction form, rendered here."""
    fragment = outcome.rendered["html-fragment"]
    if outcome.entry is not None:
        entry = outcome.entry
        entry.source = source or entry.source
        fragment = fragment.replace(worker.FORM_SLOT, _correction_form(entry), 1)
    result, note = comparison(outcome, request.form.get("sector") or None)
    return render_template("validate_result.html", fragment=fragment, comparison=result,
                           compare_note=note, link=lambda iri: href(iri, current_lang()),
                           part=_item_name)


@bp.get("/validate")
def form() -> Any:
    return _form()


@bp.post("/validate")
def results() -> Any:
    return _results(_validate(("html-fragment",), correction=True))


def _corrected() -> tuple[corrections.PlanEntry, list[list[str]] | None, Any]:
    """The posted correction form; rows when it can be applied, else the page with its errors (400)."""
    entry = corrections.parse_form(request.form)
    errors = corrections.check(entry, current_lang())
    if errors:
        page = render_template("validate_result.html", errors=errors,
                               form_html=_correction_form(entry, errors))
        return entry, None, (page, 400)
    return entry, corrections.to_rows(entry), None


def _stem(entry: corrections.PlanEntry) -> str:
    from ..namespaces import slugify

    return slugify(entry.title) or slugify(entry.source.rsplit(".", 1)[0]) or "plan"


@bp.post("/validate/check")
def check_again() -> Any:
    """Judge the corrected plan as the template it becomes (the same path as a template upload)."""
    entry, rows, failed = _corrected()
    if rows is None:
        return failed
    data = corrections.to_csv(rows)
    outcome = _check(data, f"{_stem(entry)}.csv", "csv", None, ("html-fragment",), True,
                     kind="corrected", source=t("correct.corrected_from", source=entry.source))
    return _results(outcome, entry.source)


@bp.get("/validate/check")
@bp.get("/validate/corrected.<ext>")
def back_to_form(ext: str | None = None) -> Any:
    """A correction is posted; a plain visit (say, after switching language) goes back to the form."""
    return redirect(url_for("validate.form", lang=current_lang()))


@bp.post("/validate/corrected.<ext>")
def corrected(ext: str) -> Any:
    """The corrected plan as the CSV or XLSX template, or as Turtle."""
    if ext not in ("csv", "xlsx", "ttl"):
        return error_response(f"no download .{ext}: choose csv, xlsx or ttl", 404)
    entry, rows, failed = _corrected()
    if rows is None:
        return failed
    name = f"{_stem(entry)}-corrected.{ext}"
    headers = {"Content-Disposition": f"attachment; filename={name}"}
    if ext == "csv":
        return Response(corrections.to_csv(rows), mimetype="text/csv", headers=headers)
    if ext == "xlsx":
        return Response(
            corrections.to_xlsx(rows),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=headers)
    return Response(corrections.to_turtle(rows, _stem(entry)), mimetype="text/turtle", headers=headers)


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
    outcome = _validate((output,))
    body = outcome.rendered[output]
    if output == "json":
        result, note = comparison(outcome, request.args.get("sector") or None)
        body = json.dumps({**json.loads(body), "comparison": result.as_dict() if result else None,
                           **({"comparison_note": str(note)} if note else {})},
                          ensure_ascii=False, indent=1)
    elif output == "html":
        body = _with_section(body, outcome)
    return Response(body, mimetype=REPORT_TYPES[output],
                    headers={"X-Plan-Conforms": "true" if outcome.conforms else "false"})


# -- the report as PDF (docs/decisions/0015) ---------------------------------------------

PDF_MAX_HTML = 8 * 1024 * 1024  # a report page larger than this is not typeset


def report_pdf_bytes(html: str) -> bytes:
    """Typeset a standalone report page with WeasyPrint and the print stylesheet."""
    from pathlib import Path

    from weasyprint import CSS, HTML

    if len(html) > PDF_MAX_HTML:
        raise InputError(t("pdf.too_large"))
    static = Path(__file__).resolve().parent / "static"
    return HTML(string=html, base_url=str(static)).write_pdf(
        stylesheets=[CSS(filename=str(static / "eqkg-print.css"))])


@bp.post("/validate/report.pdf")
def report_pdf() -> Any:
    """The report as PDF: for an upload (like POST /validate), or for the correction form."""
    if request.files.get("file") is not None or request.form.get("text", "").strip() \
            or request.mimetype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        outcome = _validate(("html",))
        stem = "plan"
    else:
        entry, rows, failed = _corrected()
        if rows is None:
            return failed
        stem = _stem(entry)
        outcome = _check(corrections.to_csv(rows), f"{stem}.csv", "csv", None, ("html",), False,
                         kind="corrected",
                         source=t("correct.corrected_from", source=entry.source))
    lang = current_lang()
    return Response(report_pdf_bytes(_with_section(outcome.rendered["html"], outcome)),
                    mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f'attachment; filename="{stem}-report-{lang}.pdf"',
                             "Content-Language": lang})


@bp.get("/validate/report.pdf")
def report_pdf_form() -> Any:
    """A plain visit has nothing to report on: back to the form."""
    return redirect(url_for("validate.form", lang=current_lang()))
