"""OCR of scanned PDF pages (ingest/ocr): the text-layer check, layout, post-correction, the
cache by page hash, OCR flags in passages and answers, the scores of ``minutes eval-ocr``, and
the install without the ``[ocr]`` extra (engine imports blocked: the hint, no crash).

Tests that run a real OCR engine are marked slow and skipped, saying why, without the extra."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader, PdfWriter

from ingest import pipeline
from ingest.ocr import engine as ocr_engine
from ingest.ocr.engine import OcrText
from ingest.ocr.fixes import correct_figures
from ingest.ocr.layout import Box, boxes_to_text
from ingest.parsers.pdf import extract_pdf, unusable_text
from rag.answers.verify import flag_ocr_figures, ocr_figures
from rag.apps.evaluation.ocr import (
    cer,
    edit_distance,
    figure_accuracy,
    figures,
    report_rows,
    sanity_scores,
)
from rag.index import IndexStore
from rag.models import Answer, Citation, Claim, Passage
from rag.settings import Settings
from tests.conftest import REPO
from tests.fakes import FAKE_NAME, FakeEmbedder
from tests.pdfgen import write_text_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RUN_FAKE = (
    "import sys, tests.fakes as f; f.register(); from rag.apps.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)
# The install without the extra: the engines' and the renderer's imports fail.
RUN_BLOCKED = (
    "import sys\n"
    "for name in ('tesserocr', 'rapidocr_onnxruntime', 'pypdfium2'):\n"
    "    sys.modules[name] = None\n"
    "import tests.fakes as f; f.register(); from rag.apps.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "loaded = [n for n in ('tesserocr', 'rapidocr_onnxruntime', 'pypdfium2', 'cv2')\n"
    "          if sys.modules.get(n) is not None]\n"
    "print('LOADED', loaded, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def scanned_pdf(path: Path, lines: list[str], dpi: int = 200) -> Path:
    """An image-only PDF: the lines drawn in DejaVu Sans 11 pt on a white page, no text layer."""
    image_module = pytest.importorskip("PIL.Image")
    from PIL import ImageDraw, ImageFont

    if not FONT.is_file():
        pytest.skip(f"needs the DejaVu font ({FONT})")
    font = ImageFont.truetype(str(FONT), round(11 * dpi / 72))
    page = image_module.new("L", (round(8.27 * dpi), round(4 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(lines):
        draw.text((round(0.8 * dpi), round(0.6 * dpi) + n * round(16 * dpi / 72)), line, font=font)
    page.save(path, "PDF", resolution=dpi)
    return path


def mixed_pdf(path: Path, text_page: str, scan: Path) -> Path:
    """Page 1 with a text layer, page 2 a scan."""
    text = write_text_pdf(path.with_suffix(".text.pdf"), [text_page])
    writer = PdfWriter()
    writer.append(PdfReader(text))
    writer.append(PdfReader(scan))
    with path.open("wb") as handle:
        writer.write(handle)
    text.unlink()
    return path


# ---------------------------------------------------------------------------- text layer
@pytest.mark.parametrize(
    ("text", "unusable"),
    [
        ("", True),
        ("  12  \n", True),  # a page number stamped on a scan
        ("(cid:36)(cid:81)(cid:71) (cid:87)(cid:75)(cid:72) (cid:70)(cid:82)(cid:88)", True),
        ("\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd", True),
        ("RESOLVED: that the budget of £2,450,000 be approved.", False),
        ("Item 4 (cid:3) Highways: the report was noted by members present.", False),
    ],
)
def test_unusable_text_layer(text: str, unusable: bool) -> None:
    assert unusable_text(text) is unusable


def test_only_unusable_pages_go_to_ocr_and_an_empty_reading_keeps_the_layer(
    tmp_path: Path,
) -> None:
    garbage = "(cid:36)(cid:81)(cid:71) (cid:87)(cid:75)(cid:72) (cid:70)(cid:82)(cid:88)(cid:81)"
    pdf = write_text_pdf(
        tmp_path / "mixed.pdf", [garbage, "12", "RESOLVED: the typed page was noted."]
    )
    asked: list[list[int]] = []

    def ocr(path: Path, numbers: Sequence[int]) -> dict[int, tuple[str, float]]:
        asked.append(list(numbers))
        return {n: ("RESOLVED: £5,000 agreed." if n == 1 else "  ", 0.8) for n in numbers}

    text, pages = extract_pdf(pdf, [], ocr=ocr)
    assert asked == [[1, 2]]
    assert [(p.ocr, p.confidence) for p in pages] == [(True, 0.8), (False, None), (False, None)]
    assert [text[p.start : p.end] for p in pages] == [
        "RESOLVED: £5,000 agreed.",
        "12",
        "RESOLVED: the typed page was noted.",
    ]


# ---------------------------------------------------------------------------- layout, fixes
def _box(x: float, y: float, width: float, text: str, angle: float) -> Box:
    """A recognised box whose top-left corner is (x, y), turned by ``angle`` about the origin
    of the page (a skewed scan)."""
    height = 30.0
    corners = [(x, y), (x + width, y), (x + width, y + height), (x, y + height)]
    cos, sin = math.cos(angle), math.sin(angle)
    quad = [(px * cos - py * sin, px * sin + py * cos) for px, py in corners]
    return Box.from_quad(quad, text, 0.9)


def test_skewed_table_rows_stay_rows() -> None:
    angle = math.radians(1.5)  # the last column sits ~26 px lower than the first
    boxes = [
        _box(
            100, 100, 1100, "Revenue budget 2010/11 (Appendix A) as agreed by the committee", angle
        ),
        _box(100, 146, 300, "Housing", angle),
        _box(700, 146, 200, "£5,518,000", angle),
        _box(1100, 146, 100, "-1.8%", angle),
        _box(100, 192, 300, "Highways", angle),
        _box(700, 192, 200, "£14,546,000", angle),
        _box(1100, 192, 100, "-8.0%", angle),
    ]
    random.Random(3).shuffle(boxes)
    text, confidence = boxes_to_text(boxes)
    assert text.splitlines() == [
        "Revenue budget 2010/11 (Appendix A) as agreed by the committee",
        "Housing £5,518,000 -1.8%",
        "Highways £14,546,000 -8.0%",
    ]
    assert confidence == pytest.approx(0.9)


def test_pound_sign_put_back_only_before_figures() -> None:
    read = "cost f2,450,000, then E315.50, E1,200 and F9m; of 4 staff, fifteen, f.2, E1 6AN"
    assert correct_figures(read) == (
        "cost £2,450,000, then £315.50, £1,200 and £9m; of 4 staff, fifteen, f.2, E1 6AN"
    )


# ---------------------------------------------------------------------------- scores
def _reference_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        new = [i]
        for j, cb in enumerate(b, 1):
            new.append(min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (ca != cb)))
        row = new
    return row[-1]


def test_edit_distance_matches_the_textbook_one() -> None:
    rng = random.Random(18)
    for _ in range(60):
        a = "".join(rng.choice("ab£1 ") for _ in range(rng.randint(0, 25)))
        b = "".join(rng.choice("ab£1 ") for _ in range(rng.randint(0, 25)))
        assert edit_distance(a, b) == _reference_distance(a, b)


def test_figures_and_sanity_rows(tmp_path: Path) -> None:
    truth = (
        "RESOLVED: that £3,473,000 be approved on 14 March 2022 (For 7, Against 4).\n"
        "Housing £5,518,000 £5,420,000 -1.8%\nSaving of £3.2 million by 06/06/2010."
    )
    assert figures(truth) == [
        "£3,473,000", "14 March 2022", "7", "4", "£5,518,000", "£5,420,000", "-1.8%",
        "£3.2 million", "06/06/2010",
    ]  # fmt: skip
    assert figure_accuracy(truth, truth) == (9, 9)
    misread = truth.replace("£3,473,000", "f3,473,000").replace("-1.8%", "-1.3%")
    assert figure_accuracy(truth, misread) == (7, 9)
    assert cer(truth, misread) == pytest.approx(2 / len(" ".join(truth.split())))

    for n in (1, 2):
        (tmp_path / f"page-0{n}.txt").write_text(truth + f"\nPage {n}", encoding="utf-8")
    pages = [{"page": f"page-0{n}", "condition": "clean", "part": "tune"} for n in (1, 2)]
    (tmp_path / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
    rows = {r["reader"]: r for r in report_rows(sanity_scores(tmp_path))}
    assert rows["sanity: ground truth"]["cer"] == 0.0
    assert rows["sanity: ground truth"]["figures_exact"] == 1.0
    assert rows["sanity: empty output"]["cer"] == 1.0
    assert rows["sanity: empty output"]["figures_exact"] == 0.0
    assert float(rows["sanity: shuffled characters"]["cer"]) > 0.5  # type: ignore[arg-type]
    assert float(rows["sanity: shuffled characters"]["figures_exact"]) < 0.5  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- verifier
def _passage(rank: int, text: str, ocr: bool) -> Passage:
    citation = Citation(
        id=f"p{rank}", item_title="Library roof", ocr=ocr, ocr_confidence=0.91 if ocr else None
    )
    return Passage(rank=rank, score=1.0, text=text, source="minutes.pdf", citation=citation)


def test_figures_only_in_ocr_text_are_flagged() -> None:
    scanned = _passage(
        1, "RESOLVED: that £12,345 be spent on the library roof by 2 May 2019.", True
    )
    typed = _passage(2, "The library roof repairs were estimated at £12,345 in 2018.", False)
    claim = "The roof cost £12,345 and was due by 2 May 2019 [1][2]."
    assert ocr_figures(claim, [scanned, typed]) == ["2 May 2019"]  # £12,345 is also typed
    assert ocr_figures(claim, [scanned]) == ["£12,345", "2 May 2019"]
    assert ocr_figures(claim, [typed]) == []

    answer = Answer(
        question="what did the roof cost?",
        text=claim,
        claims=[Claim(text=claim, markers=[1], citation_ids=["p1"])],
        evidence=[scanned, typed],
    )
    flag_ocr_figures(answer)
    assert answer.claims[0].supported  # what the text says; the reader is told to check it
    assert answer.claims[0].ocr_figures == ["£12,345", "2 May 2019"]
    assert len(answer.notices) == 1
    assert "£12,345" in answer.notices[0] and "check against the PDF" in answer.notices[0]


# ---------------------------------------------------------------------------- pipeline
class CountingEngine:
    """Stands in for the OCR engine: the same page text for every image, calls counted."""

    name = "counting-test-engine"
    text = "6. ROOF REPAIRS\nRESOLVED: that £12,345 be spent on the library roof by 2 May 2019."

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def read(self, image: np.ndarray) -> OcrText:
        assert image.ndim == 2 and image.dtype == np.uint8 and image.size > 0
        with self._lock:
            self.calls += 1
        return OcrText(self.text, 0.87)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> CountingEngine:
    """The stand-in engine, installed as the one ingest finds and loads."""
    pytest.importorskip("pypdfium2", reason="renders pages for OCR (the [ocr] extra)")
    counting = CountingEngine()
    monkeypatch.setattr(pipeline, "engine_available", lambda name="auto": True)
    monkeypatch.setattr(ocr_engine, "load_engine", lambda name="auto", threads=1: counting)
    return counting


def test_ocr_pages_flagged_counted_and_never_read_twice(
    tmp_path: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
    engine: CountingEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scan = scanned_pdf(tmp_path / "scan.pdf", ["anything: the engine is a stand-in"])
    mixed_pdf(
        corpus / "roof.pdf",
        "MINUTES of the Cabinet\n5. LIBRARY ROOF\nThe typed report was presented to members.",
        scan,
    )
    write_text_pdf(corpus / "typed.pdf", ["MINUTES\n1. Roads\nThe roads report was noted."])
    index = tmp_path / "index"

    report = pipeline.ingest([corpus], index, settings, embedder=fake_embedder)
    assert (report.pages_text, report.pages_ocr, report.pages_unreadable) == (2, 1, 0)
    assert (report.ocr_read, report.ocr_cached) == (1, 0)
    assert engine.calls == 1
    with IndexStore.open(index, read_only=True) as store:
        ids = [(int(r[0]), 0.0) for r in store.conn.execute("SELECT id FROM chunks")]
        passages = store.passages(ids)
        counts = store.page_counts()
    flagged = [p for p in passages if p.citation.ocr]
    assert flagged and all("£12,345" in p.text for p in flagged)
    assert all(p.citation.ocr_confidence == pytest.approx(0.87) for p in flagged)
    # A passage with any text from an OCR'd page is flagged (here page 1's text runs on into it).
    assert all(p.source == "roof.pdf" for p in flagged)
    typed = [p for p in passages if p.source == "typed.pdf"]
    assert typed and not any(p.citation.ocr or p.citation.ocr_confidence for p in typed)
    assert (counts.text_layer, counts.ocr, counts.unreadable, counts.ocr_documents) == (2, 1, 0, 1)
    assert flagged[0].to_json()["ocr"] is True

    # The same pages in another file (and the first again after a pipeline change): the cache
    # answers, the engine is not called again.
    shutil.copy(corpus / "roof.pdf", corpus / "roof-copy.pdf")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + "-test")
    again = pipeline.ingest([corpus], index, settings, embedder=fake_embedder)
    assert again.files_changed == 2 and again.files_new == 1
    assert (again.ocr_read, again.ocr_cached, again.pages_ocr) == (0, 2, 2)
    assert engine.calls == 1


def test_many_scans_are_read_in_the_pool_while_other_files_parse(
    tmp_path: Path, settings: Settings, fake_embedder: FakeEmbedder, engine: CountingEngine
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):  # different pixels, so three pages to read
        scanned_pdf(corpus / f"scan-{n}.pdf", [f"scan number {n}"])
        (corpus / f"typed-{n}.txt").write_text(f"1. Item {n}\nThe minutes of meeting {n}.\n")
    report = pipeline.ingest([corpus], tmp_path / "index", settings, embedder=fake_embedder)
    assert report.files_new == 6 and not report.skipped
    assert (report.pages_ocr, report.ocr_read, engine.calls) == (3, 3, 3)


def test_no_engine_keeps_the_old_behaviour_and_says_how_to_enable_ocr(
    tmp_path: Path,
    settings: Settings,
    fake_embedder: FakeEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "engine_available", lambda name="auto": False)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    scan = tmp_path / "scan-1998.pdf"
    with scan.open("wb") as handle:
        writer.write(handle)
    report = pipeline.ingest([scan], tmp_path / "index", settings, embedder=fake_embedder)
    (skipped,) = report.skipped
    assert skipped[1].startswith("scanned, no text (no text layer on 1 page)")
    assert "pip install 'council-minutes-rag[ocr]'" in skipped[1]
    assert report.ocr_engine is None and report.pages_ocr == 0


def _cli(
    args: list[str], index_root: Path, runner: str = RUN_FAKE, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """``minutes ARGS`` in a subprocess with the fake embedder (``runner``: RUN_FAKE, or
    RUN_BLOCKED with the OCR modules' imports blocked)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "MINUTES_EMBEDDER__MODEL": FAKE_NAME,
        "MINUTES_INDEX__ROOT": str(index_root),
        "HOME": str(index_root),
    }
    return subprocess.run(
        [sys.executable, "-c", runner, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_without_the_extra_a_scan_gets_the_hint_and_nothing_crashes(tmp_path: Path) -> None:
    """A real subprocess with the engines' and pypdfium2's imports blocked: the scanned PDF is
    skipped with the hint, the typed one is ingested, and no OCR module was loaded."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with (corpus / "scan-1998.pdf").open("wb") as handle:
        writer.write(handle)
    write_text_pdf(corpus / "typed.pdf", ["MINUTES\n1. Roads\nThe roads report was noted."])
    done = _cli(["ingest", str(corpus), "--index", "plain"], tmp_path, RUN_BLOCKED, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "scanned, no text (no text layer on 1 page)" in done.stderr + done.stdout
    assert "pip install 'council-minutes-rag[ocr]'" in done.stderr + done.stdout
    assert "LOADED []" in done.stderr
    assert "PDF pages: 1 from their text layer, 0 read by OCR, 0 unreadable" in done.stdout


# ---------------------------------------------------------------------------- the real engine
def _engine_ready() -> str | None:
    if not ocr_engine.engine_available("auto"):
        return "the [ocr] extra is not installed (pip install 'council-minutes-rag[ocr]')"
    if importlib.util.find_spec("PIL") is None:
        return "needs Pillow to draw the test page"
    return None


needs_engine = pytest.mark.skipif(_engine_ready() is not None, reason=str(_engine_ready()))


@pytest.mark.slow
@needs_engine
def test_question_over_a_scanned_page_is_answered_with_an_ocr_citation(tmp_path: Path) -> None:
    """The real CLI and the real OCR engine: ingest a scan, ask, get the figure with its
    citation flagged OCR, and see the coverage in info."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scanned_pdf(
        corpus / "cabinet-1999.pdf",
        [
            "MINUTES of the meeting of the Cabinet held on 14 March 1999",
            "7. LIBRARY ROOF",
            "The Director of Finance presented a report on the library roof repairs.",
            "RESOLVED: that the expenditure of £48,750 on the library roof be approved.",
        ],
    )
    ingested = _cli(["ingest", str(corpus), "--index", "scans"], tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 read by OCR (1 read now, 0 from the OCR cache)" in ingested.stdout

    asked = _cli(
        ["ask", "how much was approved for the library roof?", "--index", "scans", "--json"],
        tmp_path,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"]
    assert "£48,750" in answer["answer"]
    assert answer["citations"] and all(c["ocr"] for c in answer["citations"])
    assert 0 < answer["citations"][0]["ocr_confidence"] <= 1
    assert any("£48,750" in c["ocr_figures"] for c in answer["claims"])
    assert any("Read by OCR" in n for n in answer["notices"])

    shown = _cli(
        ["ask", "how much was approved for the library roof?", "--index", "scans"], tmp_path
    )
    assert "read by OCR" in shown.stdout and "check against the PDF" in shown.stdout

    searched = _cli(["search", "library roof", "--index", "scans", "--json"], tmp_path)
    hits = json.loads(searched.stdout)
    hits = hits["results"] if isinstance(hits, dict) else hits
    assert hits and all(h["ocr"] and h["ocr_confidence"] for h in hits)

    info = _cli(["info", "--index", "scans", "--json"], tmp_path)
    assert json.loads(info.stdout)["pages"]["ocr"] == 1

    again = _cli(["ingest", str(corpus), "--index", "scans", "--json"], tmp_path)
    assert json.loads(again.stdout)["files"]["unchanged"] == 1  # nothing read twice


def _make_pages(folder: Path, count: int) -> None:
    """The OCR test set's first ``count`` pages (``eval/ocr/make_pages.py``, seed 18)."""
    spec = importlib.util.spec_from_file_location("make_pages", REPO / "eval/ocr/make_pages.py")
    assert spec is not None and spec.loader is not None
    make_pages = importlib.util.module_from_spec(spec)
    sys.modules["make_pages"] = make_pages  # dataclasses look their module up there
    try:
        spec.loader.exec_module(make_pages)
    finally:
        del sys.modules["make_pages"]
    make_pages.make_pages(folder, count=count, seed=18)


@pytest.mark.slow
@needs_engine
def test_eval_ocr_scores_generated_pages(tmp_path: Path) -> None:
    """``minutes eval-ocr`` over two generated pages (one clean, one noisy)."""
    folder = tmp_path / "pages"
    _make_pages(folder, count=2)
    from rag.apps.cli import main

    assert main(["eval-ocr", str(folder), "--out", str(tmp_path / "out")]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    rows = {(r["reader"], r["group"]): r for r in report["rows"]}
    assert rows[("tesseract", "clean")]["cer"] <= 0.03
    assert rows[("tesseract", "clean")]["figures_exact"] >= 0.95
    assert rows[("sanity: ground truth", "all")]["cer"] == 0.0
    assert (tmp_path / "out" / "report.md").read_text("utf-8").startswith("| reader |")


@pytest.mark.slow
@needs_engine
def test_throughput_benchmark_runs(tmp_path: Path) -> None:
    """``eval/ocr/throughput.py`` end to end on three generated pages, one round."""
    _make_pages(tmp_path / "pages", count=3)
    out = tmp_path / "bench"
    run = subprocess.run(
        [
            sys.executable,
            "eval/ocr/throughput.py",
            str(tmp_path / "pages"),
            "--pages",
            "2",
            "--rounds",
            "1",
            "--workers",
            "1,2",
            "--out",
            str(out),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    speeds = json.loads((out / "bench.json").read_text("utf-8"))["pages_per_second"]
    assert set(speeds) == {"tesseract × 1 workers", "tesseract × 2 workers"}
    assert all(0 < s["median"] < 1000 for s in speeds.values())
