"""Render scanned-style minutes pages (image-only PDFs) with their ground-truth text.

Every page is fictional council minutes written here: a header, attendance, numbered agenda
items with £ amounts, percentages and dates, and on most pages a table of figures. Each page is
drawn in a real font (DejaVu or Liberation, serif or sans, 10-12 pt at the scan resolution),
turned by a slight angle, given scanner noise, and saved as a PDF holding only the image, so
nothing but OCR can read it.

Half the pages are *clean* (a good office scan: 200 dpi, under half a degree of skew, light
speckle) and half *noisy* (150 dpi, up to 1.5 degrees, blur and heavy speckle). Pages are split
alternately into a *tune* part (used to design the currency post-correction) and a *held-out*
part (used only to confirm it). The seed fixes everything, so the set is rebuilt (the same
pixels and text; only the PDFs' creation dates differ) instead of committed::

    python eval/ocr/make_pages.py build/ocr-pages          # 36 pages, seed 18

Writes ``page-NN.pdf`` and ``page-NN.txt`` (the text as drawn, one line per line) and
``pages.json`` (each page's condition, part, font and angle). Licence: MIT, like the project;
the councils, people and figures are invented.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = ["PageSpec", "main", "make_pages", "page_lines"]

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = (
    "dejavu/DejaVuSerif.ttf",
    "dejavu/DejaVuSans.ttf",
    "liberation/LiberationSerif-Regular.ttf",
    "liberation/LiberationSans-Regular.ttf",
)
A4_INCHES = (8.27, 11.69)

COUNCILS = (
    "Ashworth Vale Borough Council",
    "Kelsey Moor District Council",
    "Northfold City Council",
    "Brackenridge County Council",
    "Wrenham and Lowe Borough Council",
    "Castleford Heath District Council",
)
COMMITTEES = (
    "Finance and Resources Committee",
    "Planning Committee",
    "Adult Social Care Scrutiny Panel",
    "Cabinet",
    "Housing and Communities Committee",
    "Audit and Governance Committee",
)
SURNAMES = (
    "Patel", "Hughes", "O'Neill", "Brennan", "Akhtar", "Whitfield", "Lambert", "Okafor",
    "Davies", "Kowalski", "Fairbairn", "Singh", "Thornton", "McAllister", "Greaves", "Ahmed",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
TOPICS = (
    ("Highways maintenance programme", "resurfacing of {n} roads in the borough"),
    ("Leisure centre refurbishment", "replacement of the pool hall roof and changing rooms"),
    ("Temporary accommodation", "the rising number of households placed in bed and breakfast"),
    ("Children's services budget", "placements for looked after children"),
    ("Waste collection contract", "the extension of the current contract by {n} months"),
    ("Town centre regeneration", "the acquisition of the former market hall site"),
    ("Council tax support scheme", "the minimum contribution paid by working-age claimants"),
    ("Library opening hours", "a consultation on reduced hours at {n} branch libraries"),
)
TABLE_ROWS = (
    "Adult social care", "Children's services", "Highways", "Waste and recycling",
    "Housing", "Leisure", "Corporate services", "Planning",
)  # fmt: skip


@dataclass(frozen=True)
class PageSpec:
    number: int
    condition: str  # "clean" or "noisy"
    part: str  # "tune" or "held-out"
    font: str
    size_pt: float
    angle: float
    dpi: int


def _money(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"£{rng.randint(10, 9_999) * 1_000:,}"
    if kind < 0.7:
        return f"£{rng.randint(1, 999):,}.{rng.randint(0, 99):02d}"
    if kind < 0.85:
        return f"£{rng.randint(1, 48)}.{rng.randint(1, 9)} million"
    return f"£{rng.randint(100, 99_999):,}"


def _date(rng: random.Random, year: int) -> str:
    if rng.random() < 0.7:
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"


def _councillor(rng: random.Random) -> str:
    return f"Councillor {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(SURNAMES)}"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def page_lines(rng: random.Random, width: int = 78) -> tuple[list[str], list[list[str]]]:
    """Body lines and, when the page has one, the table rows (cells) drawn after them."""
    year = rng.randint(1998, 2016)
    council, committee = rng.choice(COUNCILS), rng.choice(COMMITTEES)
    lines = [council.upper(), ""]
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    at = f"{rng.randint(2, 7)}.{rng.choice(['00', '30'])}pm"
    lines += _wrap(
        f"MINUTES of the meeting of the {committee} held at the Civic Centre on "
        f"{day} {month} {year} at {at}",
        width,
    )
    present = ", ".join(_councillor(rng) for _ in range(rng.randint(3, 5)))
    lines += ["", *_wrap(f"Present: {present} (Chair)", width), ""]
    item = rng.randint(12, 140)
    for _ in range(rng.randint(2, 3)):
        title, subject = rng.choice(TOPICS)
        subject = subject.format(n=rng.randint(3, 60))
        lines.append(f"{item}. {title.upper()}")
        body = (
            f"The Director of Finance presented a report on {subject}. The estimated cost is "
            f"{_money(rng)}, an increase of {rng.randint(1, 30)}.{rng.randint(0, 9)}% on the "
            f"previous year, with {_money(rng)} met from reserves. Members noted that "
            f"{rng.randint(2, 900)} residents had responded by {_date(rng, year)}. "
            f"{_councillor(rng)} asked whether the saving of {_money(rng)} could be achieved "
            f"by {_date(rng, year + 1)}."
        )
        lines += _wrap(body, width)
        for_, against = rng.randint(5, 12), rng.randint(0, 4)
        lines += _wrap(
            f"RESOLVED: that the expenditure of {_money(rng)} be approved "
            f"(For {for_}, Against {against}).",
            width,
        )
        lines.append("")
        item += 1
    table: list[list[str]] = []
    if rng.random() < 0.75:
        lines.append(f"Revenue budget {year}/{(year + 1) % 100:02d} (Appendix A)")
        table.append(
            ["Service", f"{year - 1}/{year % 100:02d}", f"{year}/{(year + 1) % 100:02d}", "Change"]
        )
        for name in rng.sample(TABLE_ROWS, rng.randint(4, 6)):
            before = rng.randint(200, 20_000) * 1_000
            after = int(before * rng.uniform(0.9, 1.12)) // 1_000 * 1_000
            change = (after - before) / before * 100
            table.append([name, f"£{before:,}", f"£{after:,}", f"{change:+.1f}%"])
    return lines, table


def _specs(count: int, rng: random.Random) -> list[PageSpec]:
    specs = []
    for number in range(1, count + 1):
        clean = number <= count // 2
        specs.append(
            PageSpec(
                number=number,
                condition="clean" if clean else "noisy",
                part="tune" if number % 2 else "held-out",
                font=FONTS[(number - 1) % len(FONTS)],
                size_pt=rng.choice((10.0, 10.5, 11.0, 12.0)),
                angle=round(rng.uniform(-0.5, 0.5) if clean else rng.uniform(-1.5, 1.5), 2),
                dpi=200 if clean else 150,
            )
        )
    return specs


def render(
    spec: PageSpec, lines: list[str], table: list[list[str]], rng: random.Random
) -> Image.Image:
    """The page as a greyscale scan."""
    width, height = (round(side * spec.dpi) for side in A4_INCHES)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT_DIR / spec.font), round(spec.size_pt * spec.dpi / 72))
    margin = round(0.9 * spec.dpi)
    leading = round(spec.size_pt * 1.45 * spec.dpi / 72)
    y = margin
    for line in lines:
        if line:
            draw.text((margin, y), line, font=font, fill=rng.randint(0, 40))
        y += leading
    columns = (0.0, 2.6, 4.1, 5.6)  # inches from the left margin
    for row in table:
        for x, cell in zip(columns, row, strict=True):
            draw.text((margin + round(x * spec.dpi), y), cell, font=font, fill=rng.randint(0, 40))
        y += leading
    page = page.rotate(spec.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if spec.condition == "noisy":
        page = page.filter(ImageFilter.GaussianBlur(0.7))
    speckle = 0.002 if spec.condition == "clean" else 0.012
    pixels = page.load()
    assert pixels is not None
    for _ in range(int(width * height * speckle)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 200, 255))
    return page


def make_pages(out: Path, count: int = 36, seed: int = 18) -> list[dict[str, object]]:
    """Write ``count`` pages to ``out``; returns what ``pages.json`` records."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, object]] = []
    for spec in _specs(count, rng):
        lines, table = page_lines(rng)
        image = render(spec, lines, table, rng)
        name = f"page-{spec.number:02d}"
        # JPEG at quality 80 inside the PDF, as scanners write them.
        image.save(out / f"{name}.pdf", "PDF", resolution=spec.dpi, quality=80)
        truth = [line for line in lines if line] + [" ".join(row) for row in table]
        (out / f"{name}.txt").write_text("\n".join(truth) + "\n", encoding="utf-8")
        records.append({"page": name, **spec.__dict__})
    (out / "pages.json").write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("build/ocr-pages"))
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    records = make_pages(args.out, args.count, args.seed)
    print(f"{len(records)} pages in {args.out}")


if __name__ == "__main__":
    main()
