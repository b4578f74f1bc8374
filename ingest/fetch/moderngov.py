"""ModernGov's public interface: URLs, and parsers for its XML web service and HTML pages.

Element names differ between ModernGov versions, so the XML parsers match local names case-
insensitively (namespaces dropped) against several candidates, read item fields from an item's
own children only (a linked document has its own ``meetingdate``), unescape the doubly-encoded
entities some sites send, and unwrap a ``<string>`` envelope holding escaped XML. The shapes
the fixtures in ``tests/fixtures/moderngov/`` use (and which these parsers were written for)::

    GetCommittees    <committees><committee><committeeid>12</committeeid>
                       <committeetitle>…</committeetitle><committeedeleted>False</…>
                       <committeeexpired>False</…></committee>…</committees>
    GetMeetings      <getmeetings><committee><committeeid>12</committeeid>…
                       <committeemeetings><meeting><meetingid>901</meetingid>
                       <meetingdate>22/11/2022</meetingdate><meetingstatus>Confirmed</…>
                       </meeting>…</committeemeetings></committee></getmeetings>
    GetMeeting       <meeting><meetingid>901</meetingid><meetingdate>22/11/2022</…>
                       <agendaitems><agendaitem><agendaitemid>5001</agendaitemid>
                       <agendaitemtitle>…</…><agendaitemnumber>7</…>
                       <fulldisplaynumberformat>5.</…><minutesitemnumber>56</…>
                       <isrestricted>False</…><linkeddocuments><linkeddoc>
                       <attachmentid>…</…><title>…</title><url>…</url></linkeddoc>
                       </linkeddocuments></agendaitem>…</agendaitems></meeting>

Responses are parsed with the standard library only after the client's size cap; expat (2.4.1
and later) refuses entity-expansion bombs and ElementTree never fetches external entities.

Item numbers: the minute number (what the minutes and the ``mgAi.aspx`` page print) wins over
the agenda's display number, which wins over ``agendaitemnumber`` (an internal ordinal).

The HTML fallback reads links in document order: ``mgListCommittees.aspx`` links committees
(``ieListMeetings.aspx?CId=`` or ``mgCommitteeDetails.aspx?ID=``), ``ieListMeetings.aspx``
links meetings (``ieListDocuments.aspx?CId=&MId=``, the link text holding the date), and
``ieListDocuments.aspx`` lists agenda items (``mgAi.aspx?ID=``, number in the text just before
the link or at the start of it) each followed by its documents (``/documents/…``).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from rag.dates import find_date

from ..inference import infer_council
from ..parsers.moderngov import strip_link_noise

__all__ = [
    "Committee",
    "Document",
    "Item",
    "Meeting",
    "council_from_page",
    "document_links",
    "page_url",
    "parse_committees",
    "parse_committees_html",
    "parse_items_html",
    "parse_meeting_items",
    "parse_meetings",
    "parse_meetings_html",
    "service_url",
]


@dataclass(frozen=True)
class Committee:
    id: str
    title: str
    expired: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class Meeting:
    id: str
    committee_id: str
    date: date | None
    status: str = ""

    @property
    def cancelled(self) -> bool:
        return "cancel" in self.status.lower()


@dataclass(frozen=True)
class Document:
    url: str
    title: str


@dataclass
class Item:
    """One agenda item: ``id`` is the ``mgAi.aspx?ID=`` value (None when the site gives none)."""

    id: str | None
    number: str | None
    title: str
    restricted: bool = False
    documents: list[Document] = field(default_factory=list)


def service_url(base: str, operation: str, **params: str) -> str:
    """``{base}/mgWebService.asmx/{operation}?…``, e.g. GetMeetings with sFromDate."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{base}/mgWebService.asmx/{operation}{query}"


def page_url(base: str, page: str, **params: str) -> str:
    """``{base}/{page}?…``, e.g. ``page_url(base, "mgAi.aspx", ID="5001")``."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{base}/{page}{query}"


# -- XML --------------------------------------------------------------------------------------
def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _root(data: bytes) -> ET.Element:
    """The XML document's root, unwrapping ``<string>&lt;committees&gt;…</string>``.

    Raises ``ValueError`` for something that is not XML (e.g. an HTML error page).
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"not XML ({exc})") from None
    if _local(root.tag) == "string" and (root.text or "").lstrip().startswith("<"):
        return _root((root.text or "").encode("utf-8"))
    return root


def _iter(elem: ET.Element, *names: str) -> Iterator[ET.Element]:
    return (e for e in elem.iter() if _local(e.tag) in names)


def _value(elem: ET.Element, *names: str) -> str:
    """Text of the first direct child named like one of ``names`` (in that order), tidied."""
    children: dict[str, str] = {}
    for child in elem:
        children.setdefault(_local(child.tag), child.text or "")
    for name in names:
        text = children.get(name, "")
        if text.strip():
            return " ".join(html.unescape(text).split())
    return ""


def _true(text: str) -> bool:
    return text.strip().lower() in {"true", "1", "yes"}


def _parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    found = find_date(text)
    return found[0] if found else None


def _number(text: str) -> str | None:
    text = text.strip().rstrip(".").strip()
    return text if text and text != "0" else None


def parse_committees(data: bytes) -> list[Committee]:
    """Committees from a GetCommittees response (duplicates and unnamed ones dropped)."""
    found: dict[str, Committee] = {}
    for el in _iter(_root(data), "committee"):
        cid = _value(el, "committeeid", "id")
        title = _value(el, "committeetitle", "title", "committeename", "name")
        if cid and title and cid not in found:
            deleted = _true(_value(el, "committeedeleted", "deleted"))
            expired = _true(_value(el, "committeeexpired", "expired"))
            found[cid] = Committee(cid, title, expired=expired, deleted=deleted)
    return list(found.values())


def parse_meetings(data: bytes, committee_id: str) -> list[Meeting]:
    """Meetings from a GetMeetings response."""
    found: dict[str, Meeting] = {}
    for el in _iter(_root(data), "meeting"):
        mid = _value(el, "meetingid", "id")
        if mid and mid not in found:
            cid = _value(el, "committeeid") or committee_id
            when = _parse_date(_value(el, "meetingdate", "date"))
            found[mid] = Meeting(mid, cid, when, _value(el, "meetingstatus", "status"))
    return list(found.values())


def parse_meeting_items(data: bytes, base: str) -> tuple[date | None, list[Item]]:
    """(meeting date, agenda items with their documents) from a GetMeeting response."""
    root = _root(data)
    meeting = root if _local(root.tag) == "meeting" else next(_iter(root, "meeting"), root)
    when = _parse_date(_value(meeting, "meetingdate", "date"))
    items: list[Item] = []
    for el in _iter(meeting, "agendaitem"):
        number = _number(_value(el, "minutesitemnumber")) or _number(
            _value(el, "fulldisplaynumberformat", "agendaitemnumber", "itemnumber", "number")
        )
        documents: dict[str, Document] = {}
        for doc in _iter(el, "linkeddoc", "linkeddocument", "document", "attachment"):
            url = _value(doc, "url", "link", "documenturl", "href")
            if url and not _true(_value(doc, "isrestricted")):
                absolute = urljoin(base + "/", url)
                title = _value(doc, "title", "documenttitle", "name")
                documents.setdefault(absolute, Document(absolute, title))
        items.append(
            Item(
                id=_value(el, "agendaitemid", "id") or None,
                number=number,
                title=_value(el, "agendaitemtitle", "title", "itemtitle"),
                restricted=_true(_value(el, "isrestricted", "restricted")),
                documents=list(documents.values()),
            )
        )
    return when, items


# -- HTML -------------------------------------------------------------------------------------
@dataclass
class _Link:
    href: str
    text: str
    before: str  # text between the previous link and this one


_URL_TRIMMED = "".join(map(chr, range(0x21)))  # C0 controls and space


def _clean_href(href: str) -> str:
    """A link as browsers read it (WHATWG URL): C0 controls and spaces trimmed from both ends,
    tabs and newlines removed inside. Other control characters stay, and the client refuses
    the URL as invalid."""
    return href.strip(_URL_TRIMMED).replace("\t", "").replace("\n", "").replace("\r", "")


class _Links(HTMLParser):
    """Links in document order with their text, plus the page ``<title>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.title = ""
        self._gap: list[str] = []
        self._open: tuple[str, list[str]] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = _clean_href(dict(attrs).get("href") or "")
            if href:
                self._open = (href, [])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, parts = self._open
            text = " ".join("".join(parts).split())
            self.links.append(_Link(href, text, " ".join("".join(self._gap).split())))
            self._open, self._gap = None, []
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._open is not None:
            self._open[1].append(data)
        else:
            self._gap.append(" " + data)


def _links(page: str | bytes) -> _Links:
    parser = _Links()
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    parser.feed(text.replace("\x00", ""))
    parser.close()
    return parser


def _query(href: str) -> tuple[str, dict[str, str]]:
    """(lower-cased page name, query parameters with lower-cased keys) of a link."""
    parts = urlsplit(html.unescape(href))
    name = parts.path.rsplit("/", 1)[-1].lower()
    return name, {k.lower(): v for k, v in parse_qsl(parts.query)}


def _is_document(href: str) -> bool:
    path = urlsplit(href).path.lower()
    return "/documents/" in path or path.endswith((".pdf", "mgconvert2pdf.aspx"))


def parse_committees_html(page: str | bytes) -> list[Committee]:
    """Committees linked from ``mgListCommittees.aspx``."""
    found: dict[str, Committee] = {}
    for link in _links(page).links:
        name, params = _query(link.href)
        cid = params.get("cid") if name == "ielistmeetings.aspx" else None
        if name == "mgcommitteedetails.aspx":
            cid = params.get("id")
        if cid and cid.isdigit() and link.text and cid not in found:
            found[cid] = Committee(cid, link.text)
    return list(found.values())


def parse_meetings_html(page: str | bytes, committee_id: str) -> list[Meeting]:
    """Meetings linked from ``ieListMeetings.aspx`` (the date read from the link text)."""
    found: dict[str, Meeting] = {}
    for link in _links(page).links:
        name, params = _query(link.href)
        mid = params.get("mid")
        if name == "ielistdocuments.aspx" and mid and mid not in found:
            when = find_date(link.text)
            status = "cancelled" if "cancel" in link.text.lower() else ""
            found[mid] = Meeting(mid, params.get("cid", committee_id), when and when[0], status)
    return list(found.values())


_LEADING_NUMBER = re.compile(r"^(?:item\s+)?(\d{1,3}[a-z]?)[.):]?\s+(\S.*)$", re.I)
_TRAILING_NUMBER = re.compile(r"(?:^|\s)(\d{1,3}[a-z]?)[.):]?$", re.I)


def parse_items_html(page: str | bytes, page_address: str) -> list[Item]:
    """Agenda items of ``ieListDocuments.aspx``, each with the documents listed after it."""
    items: list[Item] = []
    for link in _links(page).links:
        name, params = _query(link.href)
        if name == "mgai.aspx" and params.get("id"):
            title, number = strip_link_noise(link.text), None
            if m := _LEADING_NUMBER.match(title):
                number, title = m.group(1), m.group(2)
            elif m := _TRAILING_NUMBER.search(link.before):
                number = m.group(1)
            items.append(Item(id=params["id"], number=number, title=title))
        elif items and _is_document(link.href):
            url = urljoin(page_address, html.unescape(link.href))
            if all(d.url != url for d in items[-1].documents):
                items[-1].documents.append(Document(url, strip_link_noise(link.text)))
    return items


def document_links(page: str | bytes, page_address: str) -> list[Document]:
    """Documents linked from an agenda-item page (``/documents/…``, ``mgConvert2PDF.aspx``)."""
    found: dict[str, Document] = {}
    for link in _links(page).links:
        if _is_document(link.href):
            url = urljoin(page_address, html.unescape(link.href))
            found.setdefault(url, Document(url, strip_link_noise(link.text)))
    return list(found.values())


def council_from_page(page: str | bytes) -> str | None:
    """The council a page's ``<title>`` names unambiguously ("… | Anytown Borough Council")."""
    title = " ".join(_links(page).title.split())
    return infer_council(title)[0] if title else None
