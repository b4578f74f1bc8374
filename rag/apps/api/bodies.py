"""The API's request bodies: the service's requests (:mod:`rag.apps.service`), with what the
service would refuse said in the schema, so a client (and schemathesis) learns it from
``/openapi.json`` and a refused body is a 422 before any work: an index is a name, never a
path; a question holds a word; a topic is not blank."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from ...models import Filters
from ..service import (
    MAX_K,
    MAX_QUESTION_CHARS,
    AskRequest,
    DecisionsRequest,
    SearchRequest,
    TimelineRequest,
)

__all__ = [
    "INDEX_NAME",
    "NOT_BLANK",
    "WORDY_ECMA",
    "WORDY_PYTHON",
    "AskBody",
    "DecisionsBody",
    "FiltersBody",
    "QuestionBody",
    "SearchBody",
    "TimelineBody",
]


def _json_integer(value: Any) -> Any:
    """An integer as JSON Schema reads one: 3 and 3.0, never true or "3" (which pydantic's
    lax mode would take, and its strict mode would refuse 3.0)."""
    if isinstance(value, (bool, str)):
        raise ValueError("must be a JSON integer")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# The bounds go before the check so that they stay in the JSON schema (minimum, maximum).
_Passages = Annotated[int, Field(ge=1, le=MAX_K), BeforeValidator(_json_integer)]
_Limit = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(_json_integer)]


# An index is named, never a path (the service refuses one too; the schema says so up front).
# ASCII whitespace spelled out: "\s" differs between regex dialects (Python's takes \x1c-\x1f),
# and a client generating names from the schema must read the same rule the server applies.
INDEX_NAME = r"^[^/\\\x00. \t\n\r\f\v][^/\\\x00]*$"
_IndexName = Annotated[
    str | None,
    Field(
        None,
        max_length=255,
        pattern=INDEX_NAME,
        description="Index name (a folder under the index root); unset: the server's default.",
    ),
]


# A question needs a word: a letter or a digit, as the service's str.isalnum check. The server
# reads the rule in Python's dialect ([^\W_] is exactly str.isalnum); the schema says it in
# ECMA-262's, the dialect of a JSON schema's patterns, where \w is ASCII only (so "°î" broke
# the published rule while the server took it) and \p{L}\p{N} are Unicode letters and numbers,
# which are str.isalnum too. The two differ only on characters newer than Python's Unicode
# tables, which the schema takes and the server refuses (a 422, never an answer). The leading
# part keeps the meaning whether an engine searches or matches from the start.
WORDY_PYTHON = r"^[\s\S]*[^\W_]"
WORDY_ECMA = r"^[\s\S]*[\p{L}\p{N}]"

# A topic is not blank: a character that is white space in neither dialect (Python's \s takes
# \x1c-\x1f and \x85, ECMA's takes \ufeff), so both read one rule, spelled out.
NOT_BLANK = (
    r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


class FiltersBody(Filters):
    """The filters as a request states them: JSON types as the schema says (``true`` is no
    count and ``1`` no flag, a date is an ISO string, never a Unix time)."""

    council_exact: bool = Field(False, strict=True, description="Match the council name exactly.")
    council_stated: bool | None = Field(
        None,
        strict=True,
        description="False: only agenda items with no council stated (a comparison's row).",
    )
    since: dt.date | None = Field(None, description="Meetings on or after this date (ISO).")
    until: dt.date | None = Field(None, description="Meetings on or before this date (ISO).")

    @model_validator(mode="before")
    @classmethod
    def _dates_are_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("since", "until"):
                if data.get(key) is not None and not isinstance(data[key], str):
                    raise ValueError(f"{key}: a date as text, YYYY-MM-DD")
        return data


_Filters = Annotated[
    FiltersBody, Field(default_factory=FiltersBody, description="Council, committee, dates.")
]


class SearchBody(SearchRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    filters: _Filters
    k: _Passages | None = Field(
        None, description="Passages returned (unset: the configured number)."
    )
    query: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        pattern=WORDY_PYTHON,
        json_schema_extra={"pattern": WORDY_ECMA},
        description="What to find.",
    )


class QuestionBody(AskRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    filters: _Filters
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        pattern=WORDY_PYTHON,
        json_schema_extra={"pattern": WORDY_ECMA},
        description="The question.",
    )


class DecisionsBody(DecisionsRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    filters: _Filters
    limit: _Limit | None = Field(None, description="Most decisions returned.")


class TimelineBody(TimelineRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    filters: _Filters
    topic: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NOT_BLANK, description="The issue."
    )


class AskBody(QuestionBody):
    stream: bool = Field(
        False,
        strict=True,
        description="Server-sent events: checked sentences as written, then the answer.",
    )
