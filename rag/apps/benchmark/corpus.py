"""Synthetic inputs for the benchmark, all deterministic from a seed.

* ``write_corpus``: a folder of council minutes files (numbered agenda items, paragraphs of
  council prose, RESOLVED blocks with numbered decisions), shaped like the ModernGov minutes
  the tool ingests.
* ``passage_texts``: chunk-sized passages of the same prose, in bulk, for million-chunk stores.
* ``clustered_vectors``: unit vectors with topic structure (a topic centre, a sub-topic and
  noise per vector), so approximate indexes are tested on neighbourhoods like real embeddings
  rather than on uniform noise, where every method fails.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

__all__ = ["TOPICS", "change_files", "clustered_vectors", "passage_texts", "write_corpus"]

TOPICS = {
    "Agency staffing in children's services": "agency social workers, caseloads, recruitment",
    "Highways maintenance programme": "pothole repairs, resurfacing, winter gritting routes",
    "Local Plan consultation": "housing allocations, green belt, infrastructure delivery",
    "Adult social care budget": "care packages, home care providers, hospital discharge",
    "Waste and recycling contract": "fortnightly collections, food waste, recycling rates",
    "Library service review": "opening hours, volunteers, community hubs",
    "Climate emergency action plan": "carbon reduction, retrofit, electric vehicle charging",
    "Council tax and medium-term financial strategy": "savings targets, reserves, precept",
    "Special educational needs provision": "EHC plans, high needs block, school places",
    "Licensing of taxis and private hire vehicles": "driver checks, vehicle age, fares",
    "Ofsted inspection of children's services": "judgement, improvement plan, leadership",
    "Town centre regeneration": "levelling up fund, market hall, public realm",
    "Internal audit annual report": "assurance opinion, risk register, control weaknesses",
    "Public health grant": "smoking cessation, drug and alcohol services, health visiting",
    "Leisure centre contract": "energy costs, swimming pools, operator subsidy",
    "Temporary accommodation pressures": "homelessness, bed and breakfast, families",
}
COMMITTEES = [
    "Cabinet",
    "Scrutiny Committee",
    "Children and Young People Scrutiny Panel",
    "Planning Committee",
    "Audit and Governance Committee",
    "Health and Wellbeing Board",
    "Full Council",
    "Environment and Communities Committee",
]
COUNCILS = ["Trafford", "Croydon", "Somerset", "Leeds", "Bristol", "Kent", "Barnet", "Wirral"]
NAMES = ["Smith", "Patel", "Jones", "Khan", "Williams", "O'Brien", "Taylor", "Ahmed", "Evans"]
SUBJECTS = [
    "The Director of Children's Services",
    "The Cabinet Member for Finance",
    "The Executive Director of Place",
    "The Chief Finance Officer",
    "The Head of Highways",
    "Members",
    "The Chair",
    "Officers",
]
VERBS = [
    "reported that",
    "explained that",
    "noted that",
    "confirmed that",
    "advised the committee that",
    "highlighted that",
    "responded that",
]
FACTS = [
    "spending on {a} had risen to £{m}m against a budget of £{n}m",
    "the review of {a} would report back in {month}",
    "{p} per cent of {a} had been completed within the target time",
    "a consultation on {a} had received {k} responses",
    "the service faced a projected overspend of £{m}m, mainly on {a}",
    "the number of {a} had fallen from {k} to {j} over the year",
    "additional government funding of £{n}m had been confirmed for {a}",
    "the risk relating to {a} remained rated amber",
]
QUESTIONS = [
    "Councillor {name} asked whether {a} would be affected by the proposals.",
    "In response to a question from Councillor {name} about {a}, officers agreed to circulate "
    "further figures.",
    "Councillor {name} expressed concern about the impact on {a} in rural wards.",
]
MONTHS = "January February March April May June July August September October November December"


def _fill(template: str, rng: random.Random, topic: str) -> str:
    aspects = [a.strip() for a in TOPICS[topic].split(",")]
    return template.format(
        a=rng.choice(aspects),
        m=f"{rng.uniform(0.2, 9.9):.1f}",
        n=rng.randint(1, 40),
        p=rng.randint(40, 99),
        k=rng.randint(120, 2400),
        j=rng.randint(40, 900),
        month=rng.choice(MONTHS.split()),
        name=rng.choice(NAMES),
    )


def _paragraph(rng: random.Random, topic: str) -> str:
    sentences = []
    for _ in range(rng.randint(2, 6)):
        if rng.random() < 0.25:
            sentences.append(_fill(rng.choice(QUESTIONS), rng, topic))
        else:
            fact = _fill(rng.choice(FACTS), rng, topic)
            sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {fact}.")
    return " ".join(sentences)


def _item(rng: random.Random, number: int, topic: str) -> str:
    lines = [f"{number}. {topic}", ""]
    for _ in range(rng.choices([1, 2, 3, 5, 8], weights=[3, 4, 3, 2, 1])[0]):
        lines += [_paragraph(rng, topic), ""]
    if rng.random() < 0.7:
        lines.append("RESOLVED:")
        decisions = [
            "That the report be noted.",
            f"That a further update on {_fill('{a}', rng, topic)} come to the {rng.choice(MONTHS.split())} meeting.",  # noqa: E501
            f"That the Director be authorised to proceed with {_fill('{a}', rng, topic)}.",
            "That the recommendations set out in the report be approved.",
        ]
        for i, decision in enumerate(rng.sample(decisions, rng.randint(1, 3)), 1):
            lines.append(f"{i}. {decision}")
        lines.append("")
    return "\n".join(lines)


def minutes_text(rng: random.Random) -> str:
    """One meeting's minutes: header, attendance, 3–9 numbered agenda items."""
    committee = rng.choice(COMMITTEES)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS.split()), rng.randint(2017, 2024)
    council = rng.choice(COUNCILS)
    lines = [
        f"{council} Council",
        f"MINUTES of a meeting of the {committee} held on {day} {month} {year}",
        "",
        "Present: Councillors " + ", ".join(rng.sample(NAMES, 4)),
        "",
        "1. Apologies for absence",
        f"Apologies were received from Councillor {rng.choice(NAMES)}.",
        "",
    ]
    topics = rng.sample(list(TOPICS), rng.randint(2, 8))
    for number, topic in enumerate(topics, 2):
        lines.append(_item(rng, number, topic))
    return "\n".join(lines)


def write_corpus(folder: Path, files: int = 200, seed: int = 7) -> list[Path]:
    """``files`` minutes documents in ``folder`` (created), the same for the same seed."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        path = folder / f"meeting-{n:04d}.txt"
        path.write_text(minutes_text(rng), "utf-8")
        paths.append(path)
    return paths


def change_files(paths: list[Path], share: float, seed: int = 11) -> list[Path]:
    """Edit ``share`` of the files (at least one): one sentence added to one agenda item."""
    rng = random.Random(seed)
    chosen = rng.sample(paths, max(1, round(len(paths) * share)))
    for path in chosen:
        text = path.read_text("utf-8")
        marker = "\n\n2. "
        at = text.find(marker)
        extra = " The Chair thanked officers for the revised figures circulated at the meeting."
        text = text[:at] + extra + text[at:] if at >= 0 else text + extra
        path.write_text(text, "utf-8")
    return chosen


def passage_texts(count: int, seed: int = 3) -> list[str]:
    """``count`` chunk-sized passages (60–180 words) of the same prose, quickly."""
    rng = random.Random(seed)
    pool = [_paragraph(rng, topic) for topic in TOPICS for _ in range(60)]
    words = np.array(" ".join(pool).split())
    gen = np.random.default_rng(seed)
    lengths = gen.integers(60, 180, count)
    starts = gen.integers(0, len(words) - 200, count)
    return [" ".join(words[s : s + n]) for s, n in zip(starts, lengths, strict=True)]


def clustered_vectors(
    count: int, dimension: int = 384, seed: int = 0, topics: int = 1000, subtopics: int = 20
) -> np.ndarray:
    """Unit vectors: topic centre + 0.8 × sub-topic + 1.4 × noise (see the module docstring).

    With these weights a vector's nearest neighbour has cosine ≈ 0.5 and its tenth ≈ 0.35, and
    HNSW needs a real search depth to find them: harder than uniform clusters, unlike noise."""
    gen = np.random.default_rng(seed)
    centres = gen.standard_normal((topics, dimension), dtype=np.float32)
    subs = gen.standard_normal((topics * subtopics, dimension), dtype=np.float32)
    out = np.empty((count, dimension), dtype=np.float32)
    for start in range(0, count, 100_000):
        n = min(100_000, count - start)
        topic = gen.integers(0, topics, n)
        sub = topic * subtopics + gen.integers(0, subtopics, n)
        block = centres[topic] + 0.8 * subs[sub]
        block += 1.4 * gen.standard_normal((n, dimension), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + n] = block
    return out
