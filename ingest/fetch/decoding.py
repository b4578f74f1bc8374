"""Undo a response's ``Content-Encoding`` in bounded pieces, so a small body cannot expand into
gigabytes of memory (a "decompression bomb").

httpx decodes each received chunk in one call: a 3 KB body sent as ``gzip, gzip`` expands to a
few MB in the outer layer and to gigabytes in the inner one before any size cap can look at the
result. Here every layer inflates at most ``PIECE`` bytes per call (``zlib``'s ``max_length``),
hands them on at once, and counts what it has produced: the first layer to pass ``limit``
raises :class:`ExpansionError`, so memory stays near ``PIECE`` per layer whatever the ratio, and
the work done stays bounded by ``limit`` per layer.

Only ``gzip`` (alias ``x-gzip``) and ``deflate`` are read (the client asks for no others), at
most ``MAX_LAYERS`` of them stacked; ``identity`` is ignored. A compressed stream that stops
before its end is an incomplete body, like one shorter than its ``Content-Length``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

__all__ = [
    "ACCEPTED",
    "MAX_LAYERS",
    "PIECE",
    "BodyDecoder",
    "EncodingError",
    "ExpansionError",
]

ACCEPTED = "gzip, deflate"  # the Accept-Encoding the client sends
MAX_LAYERS = 2  # no real server stacks more; more layers only multiply the expansion
PIECE = 64 * 1024


class EncodingError(ValueError):
    """The body's encoding is not one we read, or its compressed data is corrupt or cut short."""


class ExpansionError(ValueError):
    """Decoding produced more than the limit (the message says how much)."""


class _Inflater:
    """One gzip or deflate layer, inflated ``PIECE`` bytes at a time."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.produced = 0
        gzip = encoding in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        # HTTP "deflate" means zlib-wrapped, but some servers send a raw deflate stream: like
        # browsers (and httpx), switch to raw if the first bytes are not a zlib header.
        self._sniffed = b"" if not gzip else None
        self.fed = 0

    def _inflate(self, data: bytes) -> bytes:
        try:
            return self._obj.decompress(data, PIECE)
        except zlib.error as exc:
            sniffed = self._sniffed
            if sniffed is not None and self.produced == 0:
                self._sniffed = None
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(sniffed + data)
            raise EncodingError(f"corrupt {self.encoding} data ({exc})") from None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj.eof:
            return  # bytes after the end of the compressed stream are ignored, as browsers do
        self.fed += len(data)
        out = self._inflate(data)
        if self._sniffed is not None:  # keep the first bytes until the header is known good
            self._sniffed = (self._sniffed + data) if self.fed < 2 else None
        while True:
            self.produced += len(out)
            if self.produced > self.limit:
                raise ExpansionError(f"{self.encoding} data expands past {self.limit} bytes")
            if out:
                yield out
            if self._obj.eof:
                return
            tail = self._obj.unconsumed_tail
            if not tail and len(out) < PIECE:
                return  # all input used and no output pending: wait for more input
            out = self._inflate(tail)

    def finish(self) -> None:
        if self.fed and not self._obj.eof:
            raise EncodingError(f"{self.encoding} data ends early (body incomplete)")


class BodyDecoder:
    """Feed raw body chunks in order with :meth:`feed`, then call :meth:`finish`.

    ``encodings`` is the ``Content-Encoding`` list in the order the server applied them.
    Raises :class:`EncodingError` (unsupported, too many, corrupt, cut short) and
    :class:`ExpansionError` (a layer produced more than ``limit`` bytes).
    """

    def __init__(self, encodings: Sequence[str], limit: int) -> None:
        names = [e.strip().lower() for e in encodings]
        names = [e for e in names if e and e != "identity"]
        if len(names) > MAX_LAYERS:
            raise EncodingError(
                f"{len(names)} stacked content encodings ({', '.join(names)}); "
                f"at most {MAX_LAYERS} are accepted"
            )
        unknown = [e for e in names if e not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise EncodingError(f"unsupported content encoding '{unknown[0]}' (not requested)")
        self._layers = [_Inflater(name, limit) for name in reversed(names)]

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded bytes ``chunk`` yields, in pieces of at most ``PIECE`` (when encoded)."""
        yield from self._through(chunk, 0)

    def _through(self, data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[depth].feed(data):
            yield from self._through(piece, depth + 1)

    def finish(self) -> None:
        """Raise :class:`EncodingError` if a compressed layer stopped before its end."""
        for layer in self._layers:
            layer.finish()
