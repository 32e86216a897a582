"""Where eqkg finds its assets, its store and its seeds.

In a clone the assets (ontology/, data/, shapes/, queries/) are read from the
repository itself so that edits take effect at once; an installed wheel
carries copies under eqkg/assets. EQKG_HOME points at another tree.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from . import settings

ASSET_FOLDERS = ("ontology", "data", "shapes", "queries")
DEFAULT_STORE = Path("var") / "store"


def project_root() -> Path:
    """The folder holding ontology/, data/, shapes/ and queries/ (EQKG_HOME, else the
    clone this module is in, else the wheel's copies)."""
    home = settings.get("home")
    if home:
        return Path(home).resolve()
    return _own_root()


@lru_cache(maxsize=1)
def _own_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology" / "eqkg.ttl").is_file() and (parent / "pyproject.toml").is_file():
            return parent
    return here.parent / "assets"


def asset_dir(name: str) -> Path:
    """One of the asset folders (ontology, data, shapes, queries)."""
    if name not in ASSET_FOLDERS:
        raise ValueError(f"unknown asset folder {name!r}; expected one of {ASSET_FOLDERS}")
    return project_root() / name


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The on-disk store: --store, else EQKG_STORE, else var/store under the working directory."""
    if explicit:
        return Path(explicit)
    return Path(settings.get("store") or DEFAULT_STORE)


def store_location(explicit: str | os.PathLike[str] | None = None) -> str:
    """Where the store is: a folder, or the URL of a SPARQL server's query endpoint
    (--store, else EQKG_STORE, else var/store). A URL is kept as written."""
    value = str(explicit) if explicit else settings.get("store") or str(DEFAULT_STORE)
    if value.lower().startswith(("http://", "https://")):
        return value
    return str(Path(value))


def seeds_dir() -> Path:
    """The source documents (../shared/seeds beside a clone, or EQKG_SEEDS)."""
    seeds = settings.get("seeds")
    if seeds:
        return Path(seeds)
    return project_root().parent / "shared" / "seeds"
