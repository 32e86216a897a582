"""Errors a user can act on: the CLI prints them on one line, the web app answers 4xx."""

from __future__ import annotations


class EqkgError(Exception):
    """Base class: the message is meant for a person, not a developer."""

    http_status = 400


class StoreError(EqkgError):
    """The store cannot be opened or written (missing, locked, corrupt)."""

    http_status = 503


class InputError(EqkgError):
    """A file, query or parameter given by the user is unusable."""


class NotFound(EqkgError):
    """A named thing (graph, saved query, resource) does not exist."""

    http_status = 404


class NotAcceptable(EqkgError):
    """The client asked for a representation we cannot produce."""

    http_status = 406


class TooLarge(InputError):
    """A request or query is over the configured size limit."""

    http_status = 413
