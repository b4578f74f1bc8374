"""Read text files safely: detect binary data, decode UTF-8 (or Windows-1252), normalise spaces.

Character offsets produced by the parsers index the string returned here, so normalisation is
done once, before any offset is taken: newlines become ``\\n``, NBSP and other odd spaces become
a plain space, zero-width spaces, stray BOMs, terminal escape sequences and other control
characters are dropped, and nothing else is changed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from rag.errors import EmptyFileError, UnreadableFileError
from rag.text import printable

__all__ = [
    "SNIFF_BYTES",
    "decode_bytes",
    "looks_binary",
    "normalise_text",
    "read_text",
]

SNIFF_BYTES = 8192
"""How much of the start of a file is inspected for binary content."""

_CONTROL_RATIO = 0.10
"""Share of control bytes (in the sniffed prefix) above which a file counts as binary."""

# Control bytes that legitimately occur in text: tab, LF, VT, FF, CR, and ESC is rare but harmless.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")

# Odd spaces that become a plain space (same length, so offsets are unaffected by the choice).
_SPACE_CHARS = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_SPACE_TABLE: dict[int, str | None] = {ord(c): " " for c in _SPACE_CHARS}
# Characters that become a newline, or disappear (zero-width space, BOM inside the text).
_SPACE_TABLE.update({ord(c): "\n" for c in "\x0b\x0c\x85\u2028\u2029"})
_SPACE_TABLE.update({0x200B: None, 0xFEFF: None})

_NEWLINES = re.compile(r"\r\n?")

_UTF16_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_text(text: str) -> str:
    """Newlines to ``\\n``, odd spaces to ``' '``; drop zero-width spaces, terminal escape
    sequences and every other control character (nothing in the index can drive a terminal)."""
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_SPACE_TABLE)
    return printable(text)


def looks_binary(data: bytes, *, nul_ok: bool = False) -> bool:
    """True when the first :data:`SNIFF_BYTES` hold a NUL byte or many control bytes.

    ``nul_ok``: a NUL byte alone does not make the data binary (JSON Lines, where one damaged
    line is skipped rather than the whole file); many control bytes still do.
    """
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head and not nul_ok:
        return True
    controls = sum(1 for b in head if (b < 32 or b == 127) and b not in _TEXT_CONTROLS)
    return controls / len(head) > _CONTROL_RATIO


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode-error handler: read the offending bytes as Windows-1252 instead."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("minutes-cp1252", _cp1252_bytes)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Text of UTF-8 data with a few stray (Windows-1252) bytes, and how many; else None."""
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in replaced if ord(c) > 127 and c != "\ufffd")
    if good < 3 or good < 3 * bad:
        return None
    return data.decode("utf-8-sig", errors="minutes-cp1252"), bad


def decode_bytes(
    data: bytes, path: str | Path, *, normalise: bool = True, nul_ok: bool = False
) -> tuple[str, list[str]]:
    """Decode file content to (normalised) text; return it and any warnings.

    Raises :class:`UnreadableFileError` for binary data or bytes that are neither UTF-8 nor
    Windows-1252, and :class:`EmptyFileError` when nothing but whitespace remains.
    """
    warnings: list[str] = []
    text: str | None = None
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(path, f"invalid {encoding.upper()} text") from exc
            break
    if text is None:
        if not data.strip():
            raise EmptyFileError(path, "empty file")
        if looks_binary(data, nul_ok=nul_ok):
            raise UnreadableFileError(path, "binary data, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            mixed = _mostly_utf8(data)
            if mixed is not None:
                text = mixed[0]
                warnings.append(f"mostly UTF-8; {mixed[1]} stray byte(s) read as Windows-1252")
            else:
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError as exc:
                    raise UnreadableFileError(
                        path, "cannot decode text (neither UTF-8 nor Windows-1252)"
                    ) from exc
                warnings.append("not UTF-8; read as Windows-1252")
    if normalise:
        text = normalise_text(text)
    if not text.strip():
        raise EmptyFileError(path, "empty file")
    return text, warnings


def read_text(path: Path, *, normalise: bool = True, nul_ok: bool = False) -> tuple[str, list[str]]:
    """Read a text file; return its normalised text and warnings (e.g. the encoding used).

    ``normalise=False`` keeps the decoded text as is (JSON Lines, whose strings may hold
    U+2028 and which are normalised value by value); ``nul_ok`` lets a few NUL bytes through
    (see :func:`looks_binary`).

    Raises :class:`EmptyFileError` for an empty or whitespace-only file and
    :class:`UnreadableFileError` for binary, undecodable or unreadable files.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot read file ({exc.strerror or exc})") from exc
    return decode_bytes(data, path, normalise=normalise, nul_ok=nul_ok)
