"""The home page: what is loaded, and where to go next."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from . import get_store, wants_json

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> Any:
    graphs = get_store().graphs()
    if wants_json():
        return jsonify({"graphs": graphs, "triples": sum(graphs.values())})
    return render_template("home.html", graphs=graphs, total=sum(graphs.values()))
