"""The API's request bodies: the service's requests (:mod:`rag.apps.service`), with what the
service would refuse said in the schema, so a client (and schemathesis) learns it from
``/openapi.json`` and a refused body is a 422 before any work: an index is a name, never a
path; a question holds a word; a topic is not blank."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from ..service import (
    MAX_QUESTION_CHARS,
    AskRequest,
    DecisionsRequest,
    SearchRequest,
    TimelineRequest,
)

__all__ = [
    "INDEX_NAME",
    "AskBody",
    "DecisionsBody",
    "QuestionBody",
    "SearchBody",
    "TimelineBody",
]

# An index is named, never a path (the service refuses one too; the schema says so up front).
INDEX_NAME = r"^[^/\\\x00.\s][^/\\\x00]*$"
_IndexName = Annotated[
    str | None,
    Field(
        None,
        max_length=255,
        pattern=INDEX_NAME,
        description="Index name (a folder under the index root); unset: the server's default.",
    ),
]


# A question needs a word (the service refuses one of only punctuation); said in the schema,
# with Python's \w (Unicode letters and digits, as str.isalnum) checking it.
_WORDY = r"^[\s\S]*[^\W_]"


class SearchBody(SearchRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    query: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, pattern=_WORDY, description="What to find."
    )


class QuestionBody(AskRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, pattern=_WORDY, description="The question."
    )


class DecisionsBody(DecisionsRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName


class TimelineBody(TimelineRequest):
    model_config = ConfigDict(regex_engine="python-re")
    index: _IndexName
    topic: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, pattern=r"\S", description="The issue."
    )


class AskBody(QuestionBody):
    stream: bool = Field(
        False, description="Server-sent events: checked sentences as written, then the answer."
    )
