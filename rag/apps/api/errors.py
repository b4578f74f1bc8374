"""How the library's errors (:mod:`rag.errors`) reach an HTTP caller: a status and a stable
code, with the one-line message. Anything else is ``internal`` with a fixed message: the
traceback goes to the server's log, never to the caller.

==========================  ======  ===================
error                       status  code
==========================  ======  ===================
IndexNotFoundError          404     index_not_found
IndexLockedError            409     index_locked
EmbedderMismatchError       500     embedder_mismatch
IndexCorruptError           500     index_corrupt
sqlite3.DatabaseError       500     index_corrupt
IndexWriteError             500     index_write_failed
IndexFolderError            500     index_error
ModelError                  500     model_unavailable
ConfigError                 400     bad_request
MinutesError (other)        400     bad_request
request body not valid      422     invalid_request
anything else               500     internal
==========================  ======  ===================

The edge codes (unauthorized 401, not_found 404, method_not_allowed 405, too_large 413) are
set where they arise.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ...errors import (
    ConfigError,
    EmbedderMismatchError,
    IndexCorruptError,
    IndexFolderError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    MinutesError,
    ModelError,
)

__all__ = ["INTERNAL_MESSAGE", "error_status", "redact"]

INTERNAL_MESSAGE = "internal error: the server's log has the details"

# Most specific first: the first class the error is an instance of decides.
_STATUS: tuple[tuple[type[BaseException], int, str], ...] = (
    (IndexNotFoundError, 404, "index_not_found"),
    (IndexLockedError, 409, "index_locked"),
    (EmbedderMismatchError, 500, "embedder_mismatch"),
    (IndexCorruptError, 500, "index_corrupt"),
    (IndexWriteError, 500, "index_write_failed"),
    (IndexFolderError, 500, "index_error"),
    (ModelError, 500, "model_unavailable"),
    (ConfigError, 400, "bad_request"),
    (MinutesError, 400, "bad_request"),
    (sqlite3.DatabaseError, 500, "index_corrupt"),
)


def error_status(exc: BaseException) -> tuple[int, str, str]:
    """(HTTP status, code, message) for ``exc``; an unexpected error says nothing of itself."""
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            if isinstance(exc, sqlite3.DatabaseError):
                return status, code, "the index could not be read; it may be damaged"
            return status, code, " ".join(str(exc).split())

    return 500, "internal", INTERNAL_MESSAGE


def redact(message: str, root: Path) -> str:
    """``message`` without the server's folders: the index root becomes ``<index root>`` (a
    remote caller names indexes, and has no use for where they live)."""
    spellings = {str(root.resolve()), str(root.absolute())}
    for spelled in sorted(spellings, key=len, reverse=True):  # /a/b/idx before /a/b
        message = message.replace(spelled, "<index root>")
    # A relative root only with its separator: "indexes" alone is also a word of messages.
    return message.replace(f"{root}{os.sep}", f"<index root>{os.sep}")
