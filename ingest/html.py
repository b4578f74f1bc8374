"""HTML → plain text, tokenised by libxml2's HTML push parser (lxml) in linear time.

Scripts, styles and other non-content elements are dropped (their text is never kept); block
elements become line breaks and paragraphs blank lines; ``<li>`` items get a ``"• "`` prefix.
Saved ModernGov pages are reduced to their content area (``id="modgov"``, ``class="mgContent"``)
when one is present, so site navigation does not end up in the index.

Why lxml and not :mod:`html.parser`: the standard library's tokenizer (Python 3.11) is quadratic
on malformed markup (20k unclosed ``<a`` took 1.1 s, 20k ``<!--`` 3.5 s, and ``<![<![`` raises
``AssertionError``), while libxml2 parsed every such shape of 40k in under 0.1 s. No tree is
built: the parser calls :class:`_TextExtractor` for each start tag, end tag and text run, and the
extractor keeps only counters and a stack, so each event costs O(1) however deep the nesting.
A page still gets a size and a time budget (:data:`MAX_HTML_CHARS`, :data:`HTML_SECONDS`): over
either, it is that file's :class:`~rag.errors.UnreadableFileError`, never a stalled ingest.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

from rag.errors import UnreadableFileError

from .textio import normalise_text

__all__ = ["CONTENT_MARKERS", "HTML_SECONDS", "MAX_HTML_CHARS", "html_to_text"]

MAX_HTML_CHARS = 50_000_000
"""Largest HTML page read (characters): a saved ModernGov page is well under 1 MB."""
HTML_SECONDS = 20.0
"""Time budget for reading one page; a page still unfinished after it is refused."""
_FEED_CHARS = 1 << 16  # the page is fed in pieces of this size, the clock checked between them

# Elements whose whole content is discarded.
_SKIP = frozenset(
    "script style noscript template svg math head title nav select iframe object canvas "
    "button".split()
)
# Elements that start and end a paragraph (blank line around them).
_PARA = frozenset(
    "p h1 h2 h3 h4 h5 h6 table ul ol dl section article blockquote header footer main aside "
    "figure form pre address fieldset details hr".split()
)
# Elements that start and end a line.
_LINE = frozenset(
    "br div li tr dt dd caption summary figcaption legend option tbody thead tfoot center".split()
)
_CELL = frozenset({"td", "th"})
_HEAD_TAGS = frozenset(
    {"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())

CONTENT_MARKERS: tuple[tuple[str, str], ...] = (
    ("id", "modgov"),
    ("class", "mgcontent"),
    ("id", "mgcontent"),
)
"""(attribute, token) pairs marking a ModernGov content area, in order of preference."""

_PARA_MARK = "\x00P"
_LINE_MARK = "\x00L"
_SURROGATES = re.compile("[\ud800-\udfff]")  # cannot be encoded for libxml2


class _TextExtractor:
    """lxml parser target: collects text for the whole page and each ModernGov content area.

    Every callback is O(1) amortised: open elements are a stack with a count per tag name, and
    open content areas a stack (they nest, so they close in reverse order) with a count per
    marker, so neither a membership test nor an emit walks the nesting.
    """

    def __init__(self) -> None:
        self.body: list[str] = []
        self.areas: dict[int, list[str]] = {i: [] for i in range(len(CONTENT_MARKERS))}
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # tag name → how many are open
        self._skip_depth = 0
        self._pre_depth = 0
        # (marker index, stack depth at which the area's element sits), innermost last
        self._open_areas: list[tuple[int, int]] = []
        self._area_open: Counter[int] = Counter()  # marker index → open areas with it

    # -- output -----------------------------------------------------------------------------
    def _emit(self, piece: str) -> None:
        if self._skip_depth:
            return
        self.body.append(piece)
        for index, count in self._area_open.items():
            if count:
                self.areas[index].append(piece)

    @staticmethod
    def _marker(attrs: dict[str, str]) -> int | None:
        found: int | None = None
        for raw_name, value in attrs.items():
            name = str(raw_name).lower()
            if not value:
                continue
            tokens = value.lower().split() if name == "class" else [value.lower().strip()]
            for index, (attr, token) in enumerate(CONTENT_MARKERS):
                if name == attr and token in tokens and (found is None or index < found):
                    found = index
        return found

    def _push(self, tag: str) -> None:
        self._stack.append(tag)
        self._open[tag] += 1

    def _pop(self) -> str:
        top = self._stack.pop()
        self._open[top] -= 1
        depth = len(self._stack) + 1
        while self._open_areas and self._open_areas[-1][1] >= depth:
            index, _ = self._open_areas.pop()
            self._area_open[index] -= 1
        return top

    # -- parser target callbacks (lxml) ------------------------------------------------------
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tag = str(tag).lower()
        if self._open["head"] and tag not in _HEAD_TAGS:
            self.end("head")  # an unclosed <head> ends where body content starts
        if tag in _SKIP:
            if tag not in _VOID:
                self._push(tag)
                self._skip_depth += 1
            return
        if tag in _PARA:
            self._emit(_PARA_MARK)
        elif tag in _LINE:
            self._emit(_LINE_MARK)
        elif tag in _CELL:
            self._emit(" ")
        if tag == "li":
            self._emit("• ")
        if tag in _VOID:
            return
        self._push(tag)
        if tag == "pre":
            self._pre_depth += 1
        marker = self._marker(attrib)
        if marker is not None and not self._skip_depth:
            self._open_areas.append((marker, len(self._stack)))
            self._area_open[marker] += 1

    def end(self, tag: str) -> None:
        tag = str(tag).lower()
        if tag in _VOID or not self._open[tag]:
            return
        # Pop up to and including the most recent open element of this name (implicit closes);
        # each element is popped once, so this is linear over the whole page.
        while self._stack:
            top = self._pop()
            if top in _SKIP:
                self._skip_depth -= 1
            elif top == "pre":
                self._pre_depth -= 1
            if top in _PARA:
                self._emit(_PARA_MARK)
            elif top in _LINE:
                self._emit(_LINE_MARK)
            if top == tag:
                break

    def data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._pre_depth:
            self._emit(data.replace("\n", _LINE_MARK))
        else:
            self._emit(re.sub(r"\s+", " ", data))

    def comment(self, text: str) -> None:
        """Comments are not text."""

    def close(self) -> None:
        """Nothing to return: the text is read from ``body`` and ``areas``."""


_SPACES = re.compile(r"[ \t]+")
_SPACE_AROUND_NL = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{3,}")
_MARKS = re.compile(r"(?:\x00[PL][ \t]*)+")


def _breaks(match: re.Match[str]) -> str:
    """A run of break markers is a paragraph break if any of them is one, else a line break."""
    return "\n\n" if _PARA_MARK in match.group(0) else "\n"


def _assemble(pieces: list[str]) -> str:
    raw = _MARKS.sub(_breaks, "".join(pieces))
    text = normalise_text(raw)
    text = _SPACES.sub(" ", text)
    text = _SPACE_AROUND_NL.sub("\n", text)
    text = _MANY_NL.sub("\n\n", text)
    return text.strip()


def html_to_text(html: str, *, path: str | Path = "HTML page", seconds: float | None = None) -> str:
    """Visible text of an HTML page (ModernGov content area if present, else the whole body).

    Raises :class:`UnreadableFileError` naming ``path`` when the page is over
    :data:`MAX_HTML_CHARS` or takes longer than ``seconds`` (default :data:`HTML_SECONDS`).
    """
    from lxml import etree

    seconds = HTML_SECONDS if seconds is None else seconds
    if len(html) > MAX_HTML_CHARS:
        raise UnreadableFileError(
            path, f"HTML page too large ({len(html):,} characters; limit {MAX_HTML_CHARS:,})"
        )
    html = _SURROGATES.sub("\ufffd", html.replace("\x00", ""))
    extractor = _TextExtractor()
    # No network, no DTD: the parser only ever reads the string given. ``huge_tree`` lifts
    # libxml2's nesting limit, which would otherwise stop reading a deep page part-way.
    parser = etree.HTMLParser(
        target=extractor, no_network=True, huge_tree=True, remove_pis=True, recover=True
    )
    deadline = time.monotonic() + seconds
    try:
        for start in range(0, len(html), _FEED_CHARS):
            parser.feed(html[start : start + _FEED_CHARS])
            if time.monotonic() > deadline:
                raise UnreadableFileError(
                    path, f"HTML page too complex to read within {seconds:g} s"
                )
        parser.close()
    except etree.LxmlError:
        pass  # "document is empty" and the like: whatever was read so far is the text
    for index in range(len(CONTENT_MARKERS)):
        area = _assemble(extractor.areas[index])
        if area:
            return area
    return _assemble(extractor.body)
