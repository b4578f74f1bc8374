"""Where a decision's text starts and ends: the sentences that continue it (list entries,
"…; and" / "That …", a quotation still open) and the quote marks and vote bracket trimmed
off it. The first layer of the decision reader (``reader.Reader``)."""

from __future__ import annotations

import re

from .found import FoundDecision
from .movers import PROPOSED_BY
from .patterns import LIST_HEAD, QUOTES, RESOLVED, last_marker, marker, open_quote, opens_result


class Spans:
    """Spans of decisions in the reader's text, sentence by sentence."""

    text: str  # the item's text, normalised (same offsets)
    sentences: list[tuple[int, int]]

    def _sentence(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def _continues(self, block_text: str, i: int, motion: bool) -> bool:
        """Does sentence ``i`` continue a decision whose text so far is ``block_text``?"""
        nxt = self._sentence(i)
        if RESOLVED.match(nxt) or PROPOSED_BY.match(nxt) or opens_result(nxt):
            return False
        tail = re.sub(r":\s*[-–—]+$", ":", block_text.rstrip(QUOTES + " "))  # "… that:-"
        last_line = block_text.rsplit("\n", 1)[-1].strip()
        if open_quote(block_text) or LIST_HEAD.fullmatch(last_line + " "):
            return True  # inside a quotation, or a list marker alone on its line
        nxt_marker = marker(nxt)
        if nxt_marker is not None:
            if tail.endswith((":", ";", "; and", "; or", ",", "That", "that")):
                return True
            last = last_marker(block_text)
            return last is not None and last[0] == nxt_marker[0] and nxt_marker[1] == last[1] + 1
        if tail.endswith(("; and", ";", ", and", " and", "That", "that", ":")):
            return bool(re.match(r"[\"“‘']?(?:That|that|[a-z])", nxt)) or (
                not motion and tail.endswith((":", "That", "that"))
            )
        return False

    def _extend(self, i: int, start: int, motion: bool = False) -> tuple[int, int]:
        """End of a decision that starts at ``start`` inside sentence ``i``: (end, last i).

        A formula that ends its sentence ("AGREED:", "RESOLVED: That") takes the next one."""
        end = self.sentences[i][1]
        j = i
        if not self.text[start:end].strip(" \t\n:-–") and i + 1 < len(self.sentences):
            j = i + 1
            end = self.sentences[j][1]
        while j + 1 < len(self.sentences) and self._continues(self.text[start:end], j + 1, motion):
            j += 1
            end = self.sentences[j][1]
        return end, j

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Without enclosing quote marks and a trailing vote bracket such as '(Unanimous)'."""
        body = self.text[start:end]
        m = re.search(r"\s*\((?:unanimous(?:ly)?|for\s+\d[^)]*|carried[^)]*)\)\s*$", body, re.I)
        if m:
            end = start + m.start()
            body = self.text[start:end]
        if body[:1] in "\"“‘'" and not open_quote(body):
            closing = body.rstrip()
            last = closing[-1:] if closing[-1:] in "\"”’'" else closing[-2:-1]
            if last in "\"”’'":
                cut = closing.rfind(last)
                start += 1
                end = start - 1 + cut
                while end > start and self.text[end - 1] == " ":
                    end -= 1
        while start < end and self.text[start] in " \t\n":
            start += 1
        return start, end

    def _quote_end(self, i: int) -> int:
        """Last sentence of a quoted passage that opens in sentence ``i``."""
        s, _ = self.sentences[i]
        j = i
        while j < len(self.sentences):
            if not open_quote(self.text[s : self.sentences[j][1]]):
                return j
            j += 1
        return i

    def _just_after(self, found: FoundDecision, base: int) -> bool:
        between = self.text[found.end : base]
        return len(between.strip()) <= 3
