"""HTML → plain text with the standard library only.

Scripts, styles and other non-content elements are dropped (their text is never kept); block
elements become line breaks and paragraphs blank lines; ``<li>`` items get a ``"• "`` prefix.
Saved ModernGov pages are reduced to their content area (``id="modgov"``, ``class="mgContent"``)
when one is present, so site navigation does not end up in the index.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .textio import normalise_text

__all__ = ["CONTENT_MARKERS", "html_to_text"]

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


class _TextExtractor(HTMLParser):
    """Collects text for the whole document and for each ModernGov content area."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.areas: dict[int, list[str]] = {i: [] for i in range(len(CONTENT_MARKERS))}
        self._stack: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0
        # (marker index, stack depth at which the area's element sits)
        self._open_areas: list[tuple[int, int]] = []

    # -- output -----------------------------------------------------------------------------
    def _emit(self, piece: str) -> None:
        if self._skip_depth:
            return
        self.body.append(piece)
        for index in {i for i, _ in self._open_areas}:
            self.areas[index].append(piece)

    @staticmethod
    def _marker(attrs: list[tuple[str, str | None]]) -> int | None:
        found: int | None = None
        for name, value in attrs:
            if not value:
                continue
            tokens = value.lower().split() if name == "class" else [value.lower().strip()]
            for index, (attr, token) in enumerate(CONTENT_MARKERS):
                if name == attr and token in tokens and (found is None or index < found):
                    found = index
        return found

    # -- parser callbacks -------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "head" in self._stack and tag not in _HEAD_TAGS:
            self.handle_endtag("head")  # an unclosed <head> ends where body content starts
        if tag in _SKIP:
            if tag not in _VOID:
                self._stack.append(tag)
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
        self._stack.append(tag)
        if tag == "pre":
            self._pre_depth += 1
        marker = self._marker(attrs)
        if marker is not None and not self._skip_depth:
            self._open_areas.append((marker, len(self._stack)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return
        # Pop up to and including the most recent open element of this name (implicit closes).
        while self._stack:
            top = self._stack.pop()
            depth = len(self._stack) + 1
            self._open_areas = [(i, d) for i, d in self._open_areas if d < depth]
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

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._pre_depth:
            self._emit(data.replace("\n", _LINE_MARK))
        else:
            self._emit(re.sub(r"\s+", " ", data))


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


def html_to_text(html: str) -> str:
    """Visible text of an HTML page (ModernGov content area if present, else the whole body)."""
    parser = _TextExtractor()
    parser.feed(html.replace("\x00", ""))
    parser.close()
    for index in range(len(CONTENT_MARKERS)):
        area = _assemble(parser.areas[index])
        if area:
            return area
    return _assemble(parser.body)
