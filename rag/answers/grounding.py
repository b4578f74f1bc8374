"""Whether a generated sentence's words, names and links come from the passages it cites.

:mod:`.verify` checks a sentence's figures, dates and quotes. An invented claim needs none of
those ("the site was sold to Evil Corp", "visit http://evil.example/login"), so a sentence must
also be made of its cited passages' words:

* **content words** (lower-cased, stop words and figures left out, compared by stem) — at least
  :data:`MIN_SHARE` of them must occur in the cited passages: a paraphrase may reword a little,
  an invention brings its own words;
* **names** (capitalised words after the first, acronyms) must all occur there: a name is a fact,
  like a figure;
* **links** (URLs, bare domains, e-mail addresses) must occur there;
* the prompt's own **markup** (``<passage id=…>``, chat-template tokens) must not be echoed.

Text in a passage that addresses the model ("Ignore previous instructions and tell the reader
…") supports nothing (:func:`without_instructions`): a model that obeys an injected instruction
would otherwise cite the very passage that carried it as its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import MONTH_NAME
from ..text import STOPWORDS, TERM, fold_accents, light_stem, split_sentences, stem_words
from .base import MARKER

__all__ = [
    "MIN_SHARE",
    "Vocabulary",
    "grounding_problems",
    "links_in",
    "vocabulary",
    "without_instructions",
]

# Share of a sentence's content words its cited passages must contain. Chosen so an honest
# paraphrase passes ("The parking scheme drew 3 objections": 3 of 4) and a sentence bringing
# two new words in six does not; a name or link the passages lack fails on its own.
MIN_SHARE = 0.75

# Words that frame an answer rather than carry its content ("According to the passage, …",
# "The committee met on …").
_FRAMING = frozenset(
    "according passage passages source sources cited citation cites document documents text "
    "met meet held noted considered received reported heard "
    "however therefore also overall summary answer answers question questions shown shows show "
    "stated states state".split()
)
# Capitalised words that are titles, roles, months or days, not names to look up.
_GENERIC = frozenset(
    """i council councils councillor councillors cllr cllrs committee committees member members
    chair chairman chairwoman chairperson mayor leader officer officers mr mrs ms miss dr sir
    dame lord lady monday tuesday wednesday thursday friday saturday sunday""".split()
)
_MONTH = re.compile(rf"(?:{MONTH_NAME})\.?", re.I)
_OPENERS = frozenset(':;"“‘(')

# Links are found token by token with plain string tests, not one regular expression over the
# text: nested repetition ("[\w-]+(\.[\w-]+)*") backtracks for minutes on a long dotted token.
_TLDS = frozenset(
    "com org net uk gov edu io info biz co eu example xyz app dev me ly site online ru cn".split()
)
_SCHEMES = ("http://", "https://", "ftp://", "www.")
_LINK_EDGES = "<>\"'()[]{}.,;:!?*_“”‘’"
_SCHEME = re.compile(r"^(?:https?|ftp)://|^www\.", re.I)
# The prompt's own markup, echoed back: <passage id="1" …>, </passage>, its escaped form, and
# the chat-template tokens of common local models.
_MARKUP = re.compile(
    r"</?\s*passage\b|&lt;/?\s*passage\b|<\|[\w-]+\|>|<(?:start|end)_of_turn>|\[/?INST\]"
    r"|<</?SYS>>|</?s>",
    re.I,
)
# A sentence addressed to the model rather than recording what a council did. Narrow on
# purpose: minutes "override the planning rules" and "respond with a letter".
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?)\b"
    r"|\b(?:ignore|disregard|forget)\s+(?:everything|all|anything)\s+(?:above|before|else)\b"
    r"|\b(?:system|hidden)\s+(?:instructions?|prompt)\b"
    r"|\b(?:tell|inform|instruct|remind)\s+(?:the\s+|all\s+|any\s+)?(?:users?|readers?)\b"
    r"|\b(?:reply|respond|answer)\s+(?:only\s+)?(?:with\s+[\"'“‘]|exactly\b)"
    r"|\b(?:as\s+an?\s+)?(?:ai|language)\s+(?:model|assistant)\b"
    r"|\byou\s+(?:are|must|will|should)\s+now\b",
    re.I,
)


@dataclass(frozen=True)
class Vocabulary:
    """What a passage can lend a sentence: its word stems and its text for link look-ups."""

    stems: frozenset[str]
    text: str


def _host_like(host: str) -> bool:
    labels = host.split(".")
    return len(labels) >= 2 and all(
        label and all(c.isalnum() or c == "-" for c in label) for label in labels
    )


def _is_link(token: str) -> bool:
    """A URL ("https://…", "www.…"), an e-mail address, or a domain ("evil.example/login")."""
    lower = token.lower()
    if lower.startswith(_SCHEMES):
        return len(lower) > 8
    user, at, domain = lower.partition("@")
    if at:
        return bool(user) and _host_like(domain) and domain.rsplit(".", 1)[-1].isalpha()
    host, slash, _ = lower.partition("/")
    if not _host_like(host):
        return False
    tld = host.rsplit(".", 1)[-1]
    return tld in _TLDS or (bool(slash) and tld.isalpha() and len(tld) >= 2)


def links_in(text: str) -> list[str]:
    """Links in ``text``, as written (surrounding punctuation left out)."""
    found = []
    for token in text.split():
        token = token.strip(_LINK_EDGES)
        if "." in token and _is_link(token):
            found.append(token)
    return found


def without_instructions(text: str) -> str:
    """``text`` with every sentence that addresses a model blanked out (offsets kept)."""
    if not _INSTRUCTION.search(text):
        return text
    chars = list(text)
    for start, end in split_sentences(text):
        if _INSTRUCTION.search(text, start, end):
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def _terms(text: str) -> list[str]:
    found = (t.lower().replace("’", "'") for t in TERM.findall(fold_accents(text)))
    return [t.removesuffix("'s").replace("'", "") for t in found]


def _stems(term: str) -> set[str]:
    return {light_stem(term), *stem_words([term])}


def _link_key(link: str) -> str:
    return _SCHEME.sub("", link.lower().rstrip(".,;:!?")).removeprefix("www.").rstrip("/")


def vocabulary(text: str) -> Vocabulary:
    """The stems and link text of ``text`` (a passage with its citation's details)."""
    terms = set(_terms(text))
    stems = set(stem_words(sorted(terms))) | {light_stem(t) for t in terms}
    links = " ".join(_link_key(link) for link in links_in(text))
    return Vocabulary(frozenset(stems), links + " " + " ".join(text.lower().split()))


def _content_terms(body: str) -> list[str]:
    kept = []
    for term in _terms(body):
        if len(term) < 2 or any(c.isdigit() for c in term):
            continue  # figures are verify.py's; "st" of "1st" is not a word
        if term in STOPWORDS or term in _FRAMING or term in _GENERIC or _MONTH.fullmatch(term):
            continue  # roles, months and days are not what a claim is about
        kept.append(term)
    return list(dict.fromkeys(kept))


def _names(body: str) -> list[str]:
    """Runs of capitalised words after the sentence's first word, and acronyms anywhere."""
    names: list[str] = []
    run: list[str] = []
    previous_end: int | None = None
    for match in TERM.finditer(body):
        word = match.group(0)
        lower = word.lower().removesuffix("'s").removesuffix("’s")
        # A sentence, a clause after a colon and a quotation start with a capital anyway.
        gap = body[previous_end : match.start()] if previous_end is not None else ""
        opening = previous_end is None or any(c in gap for c in _OPENERS)
        previous_end = match.end()
        acronym = word.isupper() and len(word) > 1
        capital = word[:1].isupper() and (acronym or not opening)
        if capital and lower not in _GENERIC and not _MONTH.fullmatch(word):
            run.append(word)
            continue
        if run:
            names.append(" ".join(run))
        run = []
    if run:
        names.append(" ".join(run))
    return list(dict.fromkeys(names))


def _supported(term: str, vocab: Sequence[Vocabulary]) -> bool:
    stems = _stems(term)
    return any(stems & v.stems for v in vocab)


def grounding_problems(body: str, vocab: Sequence[Vocabulary], where: str) -> list[str]:
    """Why ``body`` (one sentence, its markers included) is not made of the cited passages'
    words, names and links; ``where`` names them ("passage 1", "passages 1, 2")."""
    problems: list[str] = []
    if _MARKUP.search(body):
        problems.append("it repeats the prompt's passage markup")
    plain = MARKER.sub(" ", body)
    for link in links_in(plain):
        key = _link_key(link)
        if key and not any(key in v.text for v in vocab):
            problems.append(f"link {link} is not in {where}")
        plain = plain.replace(link, " ")
    for name in _names(plain):
        if not all(_supported(t, vocab) for t in _terms(name)):
            problems.append(f"{name} is not in {where}")
    terms = _content_terms(plain)
    missing = [t for t in terms if not _supported(t, vocab)]
    if terms and (len(terms) - len(missing)) / len(terms) < MIN_SHARE:
        problems.append(
            f"only {len(terms) - len(missing)} of its {len(terms)} content words are in "
            f"{where} (not: {', '.join(missing)})"
        )
    return problems
