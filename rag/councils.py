"""Councils by name: registers of councils, and the ways minutes write their names.

The package ships 435 UK councils (``rag/data/uk-councils.csv``, Democracy Club, MIT) and the
Welsh councils' Welsh names (``uk-council-aliases.csv``); ``MINUTES_COUNCILS__REGISTERS`` adds
CSV files with ``official_name``, ``common_name`` and optionally ``aliases`` (``;`` between).

A council is found by one of its **name forms**, built from the register:

* *full* forms name the authority: the official name, its aliases, "X Council" and the
  variants a council of its type uses ("X City Council", "X County Council", "X Borough
  Council", "X Metropolitan Borough Council", "London Borough of X", "Royal Borough of X",
  "City and County of X"…), and an acronym with "Council" for long names ("BCP Council");
* *bare* forms are the place: "Croydon", "Kingston upon Thames", "City of York". Whether a bare
  form names the council depends on where it stands (``ingest.inference`` judges that);
* a *service* form is a bare form or acronym followed by a council service ("Croydon
  Children's Services", "BCP Children's Services").

Matching ignores case, accents, hyphens, "&" against "and", "St." against "St" and a
possessive 's; the first word must be capitalised, and every word of a bare form.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from .errors import ConfigError
from .settings import CouncilSettings

__all__ = [
    "BUILTIN_LABEL",
    "Council",
    "CouncilRegister",
    "Mention",
    "RegisterRow",
    "load_register",
    "read_register",
    "unlisted_council_name",
]

BUILTIN_LABEL = "uk-councils"
"""How provenance names the register shipped with the package."""

MentionKind = Literal["full", "bare", "service"]
_FormKind = Literal["full", "bare", "acronym"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")
_CONNECTORS = {"and", "of", "upon", "on", "under", "in", "with", "the", "a", "an", "nan", "y"}
_SUFFIXES: dict[str, tuple[str, ...]] = {  # official suffix -> the suffixes the council uses
    "metropolitan borough council": ("borough council",),
    "metropolitan district council": ("district council",),
    "county borough council": ("borough council",),
    "city and district council": ("city council", "district council"),
    "borough council": ("metropolitan borough council",),
    "district council": (),
    "county council": (),
    "city council": (),
    "council": ("borough council", "county council", "city council"),
}
_PREFIXES = ("london borough of", "royal borough of", "city and county of", "borough council of",
             "council of the", "borough of", "city of")  # fmt: skip
_CITY_FORMS = ("* city council", "* city and county council", "city and county of *",
               "city and county of * council", "city of * council")  # fmt: skip
_SERVICE = re.compile(
    r"(?:[ \t]+(?:Children(?:['’]?s)?|Childrens['’]|Adults?['’]?|Social|Housing|Education|Library"
    r"|Libraries|Highways|Planning|Environmental|Parking|Registration|Bereavement|Youth|Family"
    r"|Families|Early[ \t]+Help|Leisure|Waste|Care)){1,3}(?:[ \t]+and[ \t]+\w+)?"
    r"(?:[ \t]+Social[ \t]+Care)?[ \t]+Services?\b",
    re.IGNORECASE,
)
_OF_ANOTHER = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
_WORDS = set("and the for but not can was are all any our new one two its has had who may".split())
_LEAD_WORDS = {"the", "in", "at", "of", "for", "by", "and", "from", "to", "with", "on", "about"}


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.replace("’", "'"))
    word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
    word = word[:-2] if word.endswith("'s") else word
    return "and" if word == "&" else word


def _key(name: str) -> tuple[str, ...]:
    return tuple(_norm(m.group(0)) for m in _TOKEN.finditer(re.sub(r"\(.*?\)", " ", name)))


def _strip(words: tuple[str, ...], affix: str, *, suffix: bool) -> tuple[str, ...] | None:
    part = tuple(affix.split())
    if len(words) <= len(part):
        return None
    if suffix:
        return words[: -len(part)] if words[-len(part) :] == part else None
    return words[len(part) :] if words[: len(part)] == part else None


def _core(words: tuple[str, ...]) -> tuple[tuple[str, ...], str | None, str | None]:
    """(place, official suffix, prefix): 'the city of edinburgh council' → ('edinburgh',)."""
    words = words[1:] if words[:1] == ("the",) else words
    suffix = next((s for s in _SUFFIXES if _strip(words, s, suffix=True)), None)
    words = (_strip(words, suffix, suffix=True) or words) if suffix else words
    prefix = next((p for p in _PREFIXES if _strip(words, p, suffix=False)), None)
    words = (_strip(words, prefix, suffix=False) or words) if prefix else words
    return words, suffix, prefix


def _variants(suffix: str | None, prefix: str | None) -> set[str]:
    """Full forms a council of this type writes, as patterns with '*' for the place."""
    forms = {"* council"}
    if suffix:
        forms |= {f"* {suffix}", *(f"* {s}" for s in _SUFFIXES[suffix])}
    if prefix == "london borough of":
        forms |= {"london borough of *", "* borough council", "* london borough council"}
    elif prefix == "royal borough of":
        forms |= {"royal borough of *", "* royal borough council"}
    elif prefix in ("city of", "city and county of") or suffix in ("city council",):
        forms |= set(_CITY_FORMS)
    if (suffix and "borough" in suffix) or prefix in ("borough of", "borough council of"):
        forms |= {"borough of *", "borough council of *"}
        if suffix and "metropolitan" in suffix:
            forms.add("metropolitan borough of *")
    return forms


def _acronym(core: tuple[str, ...]) -> str | None:
    letters = "".join(w[0] for w in core if w not in _CONNECTORS)
    return letters if len(letters) >= 3 and letters not in _WORDS else None  # "AND COUNCIL"


@dataclass(frozen=True)
class Council:
    """One council: ``name`` is the register's common name, what items record."""

    name: str
    official_name: str
    register: str


@dataclass(frozen=True)
class Mention:
    """Words of a text naming a council: ``kind`` says how much they prove on their own."""

    council: Council
    kind: MentionKind
    words: str
    start: int
    end: int


class CouncilRegister:
    """Councils from one or more registers, found in text by their name forms."""

    def __init__(self, registers: Iterable[tuple[str, Sequence[RegisterRow]]]) -> None:
        candidates: dict[tuple[str, ...], list[tuple[int, Council, _FormKind]]] = {}
        self.councils: dict[str, Council] = {}
        for rank, (label, rows) in enumerate(registers):  # a later register wins a clash
            for row in rows:
                council = self.councils.setdefault(
                    row.common_name, Council(row.common_name, row.official_name, label)
                )
                for form, kind, exact in self._forms(row):
                    score = rank * 10 + (4 if exact else 0)
                    score += 2 if form == _key(row.common_name) else 0
                    candidates.setdefault(form, []).append((score, council, kind))
        self._forms_by_key: dict[tuple[str, ...], tuple[Council, _FormKind, bool]] = {}
        for form, found in candidates.items():
            best = max(score for score, _, _ in found)
            top = {(c, k) for score, c, k in found if score == best}
            councils = {c.name for c, _ in top}
            if len(councils) == 1:  # a form two councils share names neither
                council, kind = min(top, key=lambda ck: ("full", "bare", "acronym").index(ck[1]))
                self._forms_by_key[form] = (council, kind, best % 10 >= 4)  # exact?
        self._lengths: dict[str, list[int]] = {}
        for form in self._forms_by_key:
            self._lengths.setdefault(form[0], []).append(len(form))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    @staticmethod
    def _forms(row: RegisterRow) -> Iterable[tuple[tuple[str, ...], _FormKind, bool]]:
        for name in (row.official_name, *row.aliases):
            key = _key(name)
            yield key, "full", True
            if key[:1] == ("the",) and len(key) > 1:
                yield key[1:], "full", True
        core, suffix, prefix = _core(_key(row.official_name))
        cores = {core}
        common = _key(row.common_name)
        common_core, common_suffix, common_prefix = _core(common)
        if common_suffix or common_prefix not in (None, "city of"):  # "City of X" is a place
            yield common, "full", True
        else:
            yield (common[1:] if common[:1] == ("the",) else common), "bare", True
        cores.add(common_core)
        for place in cores:
            yield place, "bare", False
            for pattern in _variants(suffix, prefix):
                before, _, after = pattern.partition("*")
                yield (*before.split(), *place, *after.split()), "full", False
            if prefix in ("city of", "city and county of") or suffix == "city council":
                yield ("city", "of", *place), "bare", False
            letters = _acronym(place)
            if letters:
                yield (letters, "council"), "full", False
                yield (letters,), "acronym", False

    def find(self, text: str) -> list[Mention]:
        """Every mention of a council in ``text``, left to right, the longest form first."""
        tokens = [(m.start(), m.end(), _norm(m.group(0))) for m in _TOKEN.finditer(text)]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            mention, used = None, 0
            if text[tokens[i][0]].isupper():  # every form starts with a capital
                mention, used = self._match_at(text, tokens, i)
            if mention:
                found.append(mention)
            i += used or 1
        return found

    def _match_at(
        self, text: str, tokens: list[tuple[int, int, str]], i: int
    ) -> tuple[Mention | None, int]:
        lengths = self._lengths.get(tokens[i][2], ())
        window = tuple(t[2] for t in tokens[i : i + lengths[0]]) if lengths else ()
        for length in lengths:
            if length > len(window):
                continue
            entry = self._forms_by_key.get(window[:length])
            if entry is None:
                continue
            start, end = tokens[i][0], tokens[i + length - 1][1]
            kind = self._judge(text, start, end, tokens[i : i + length], entry[1], entry[2])
            if kind == "service":
                service = _SERVICE.match(text, end)
                end = service.end() if service else end
            if kind:
                return Mention(entry[0], kind, text[start:end], start, end), length
        return None, 0

    @staticmethod
    def _judge(
        text: str, start: int, end: int, tokens: list[tuple[int, int, str]], kind: _FormKind,
        exact: bool,
    ) -> MentionKind | None:  # fmt: skip
        words = [text[s:e] for s, e, _ in tokens]  # find() saw the first is capitalised
        prev = re.findall(r"([^\W\d_][\w'’]*)[ \t]+$", text[max(0, start - 40) : start])
        # Part of a longer name: "Greater Manchester", "Healthwatch Sefton", "World Rugby Council".
        longer = bool(prev) and prev[0][:1].isupper() and prev[0].lower() not in _LEAD_WORDS
        if kind == "full":
            ends_council = tokens[-1][2] == "council"
            other = (longer and not exact) or (ends_council and _OF_ANOTHER.match(text, end))
            return None if other else "full"
        if kind == "acronym" and not all(w.isupper() for w in words):
            return None
        if longer or any(
            not w[:1].isupper()
            for w, t in zip(words, tokens, strict=True)
            if t[2] not in _CONNECTORS
        ):
            return None
        if _SERVICE.match(text, end):
            return "service"
        return "bare" if kind == "bare" else None


# --- reading registers ----------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterRow:
    """One council as a register lists it."""

    official_name: str
    common_name: str
    aliases: tuple[str, ...] = ()
    code: str = ""


def read_register(path: Path) -> list[RegisterRow]:
    """A user's register: CSV with ``official_name``, ``common_name`` and optionally
    ``aliases`` (``;`` between them); raises :class:`ConfigError` naming the file."""
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"council register {path}: not UTF-8 text") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"council register {path}: cannot be read ({reason})") from None
    return _parse_register(text, str(path))


def _parse_register(text: str, where: str) -> list[RegisterRow]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = [(f or "").strip() for f in reader.fieldnames or []]
        missing = [c for c in ("official_name", "common_name") if c not in fields]
        if missing:
            has = ", ".join(f for f in fields if f) or "none"
            raise ConfigError(f"council register {where}: no {missing[0]} column (columns: {has})")
        rows = []
        for raw in reader:
            row = {(k or "").strip(): v.strip() for k, v in raw.items() if isinstance(v, str)}
            official = row.get("official_name") or row.get("common_name", "")
            common = row.get("common_name") or official
            if not official:
                line = reader.line_num
                raise ConfigError(f"council register {where}: line {line} names no council")
            aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
            rows.append(RegisterRow(official, common, aliases, row.get("code", "")))
    except csv.Error as exc:
        line = reader.line_num
        raise ConfigError(f"council register {where}: not CSV (line {line}: {exc})") from None
    if not rows:
        raise ConfigError(f"council register {where}: lists no councils")
    return rows


def builtin_rows() -> list[RegisterRow]:
    """The UK register shipped in ``rag/data``, with the aliases (Welsh names) by code."""
    data = resources.files("rag").joinpath("data")
    rows = _parse_register(data.joinpath("uk-councils.csv").read_text("utf-8"), BUILTIN_LABEL)
    aliases = data.joinpath("uk-council-aliases.csv").read_text("utf-8")
    extra = {
        r["code"]: tuple(r["aliases"].split(";")) for r in csv.DictReader(io.StringIO(aliases))
    }
    return [
        RegisterRow(r.official_name, r.common_name, r.aliases + extra.get(r.code, ()), r.code)
        for r in rows
    ]


# --- councils in no register ----------------------------------------------------------------
_LOCAL_DESIGNATOR = (
    r"(?:City|County|Borough|District|Metropolitan Borough|County Borough|Metropolitan District"
    r"|Regional|Municipal)"
)
_UNLISTED = re.compile(
    rf"^(?:The\s+)?(?P<name>(?:[A-Z][\w'’.-]*\s+(?:(?:and|&|upon|on|of)\s+)?){{1,4}}?"
    rf"{_LOCAL_DESIGNATOR}\s+Council)$"
)
_NOT_LOCAL = set(
    """youth arts research privy security design sports faith faiths pupil pupils student students
    young people medical british european heritage care science national international canadian
    american world commonwealth union funding education workforce nursing books wood trade
    general advisory the a an this that our their local town parish community village school
    """.split()
)


def unlisted_council_name(phrase: str) -> str | None:
    """A council in no register, when ``phrase`` is the whole name of a local authority:
    "<place> City|County|Borough|District|Regional|Municipal Council" ("Cork County Council",
    "Dublin City Council"); None for "Arts Council", "Town Council", "the City Council"."""
    words = phrase.split()
    if phrase.isupper():
        words = [w.lower() if w.lower() in _CONNECTORS else w.capitalize() for w in words]
    phrase = " ".join(words).strip(" ,.;:")
    match = _UNLISTED.match(phrase)
    if not match:
        return None
    place = match.group("name").split()[:-2]
    if not place or any(_norm(w) in _NOT_LOCAL for w in place):
        return None
    return match.group("name")


_CACHE: dict[tuple[object, ...], CouncilRegister] = {}


def load_register(settings: CouncilSettings | None = None) -> CouncilRegister:
    """The registers ``settings`` names (the built-in UK register unless switched off), loaded
    once per set of files; a user register is read again when it changes on disk."""
    settings = settings or CouncilSettings()
    files = [Path(p).expanduser() for p in settings.registers]
    key: tuple[object, ...] = (settings.builtin, *((p, _stamp(p)) for p in files))
    if key not in _CACHE:
        registers: list[tuple[str, Sequence[RegisterRow]]] = []
        if settings.builtin:
            registers.append((BUILTIN_LABEL, builtin_rows()))
        registers += [(path.name, read_register(path)) for path in files]
        _CACHE[key] = CouncilRegister(registers)
    return _CACHE[key]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        return path.stat().st_mtime_ns, path.stat().st_size
    except OSError:
        return -1, -1
