"""Write tiny, valid text PDFs by hand (no PDF library needed) for parser tests.

Each page gets one content stream that shows its lines in Helvetica (a standard Type1 font,
WinAnsiEncoding), and the cross-reference table carries exact byte offsets, so pypdf reads the
file without repairs.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["pdf_bytes", "write_text_pdf"]

_PAGE_WIDTH = 612
_PAGE_HEIGHT = 792
_FONT_SIZE = 11
_LEADING = 14


def _pdf_string(line: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) with (, ) and \\ escaped."""
    out = bytearray(b"(")
    for byte in line.encode("cp1252", errors="replace"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def _content(text: str) -> bytes:
    ops = [b"BT", b"/F1 %d Tf" % _FONT_SIZE, b"%d TL" % _LEADING, b"72 %d Td" % (_PAGE_HEIGHT - 72)]
    for i, line in enumerate(text.split("\n")):
        if i:
            ops.append(b"T*")
        ops.append(_pdf_string(line) + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def pdf_bytes(pages: list[str]) -> bytes:
    """Bytes of a PDF with one page per string; ``\\n`` in a string starts a new line."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for pid, text in zip(page_ids, pages, strict=True):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (_PAGE_WIDTH, _PAGE_HEIGHT, pid + 1)
        )
        stream = _content(text)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_text_pdf(path: Path, pages: list[str]) -> Path:
    """Write a text PDF with one page per string to ``path`` and return the path."""
    path.write_bytes(pdf_bytes(pages))
    return path
