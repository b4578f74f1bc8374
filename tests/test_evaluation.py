"""Metrics against hand-computed values, the hit rule, both adapters, and `minutes eval`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rag.apps.cli import main
from rag.apps.evaluation import metrics as m
from rag.apps.evaluation.qmsum import write_qmsum
from rag.apps.evaluation.questions import Question, items_to_questions, load_questions
from rag.apps.evaluation.runner import markdown_table, retrieval_metrics, score_question
from rag.errors import InputError
from rag.models import Answer, Citation, Claim, Passage
from tests.conftest import REPO
from tests.fakes import FakeEmbedder

T, F = True, False


def test_ranking_metrics_hand_computed() -> None:
    # 4 passages x 2 gold entries; first hit at rank 2 (gold 0), rank 4 hits gold 1.
    matrix = [[F, F], [T, F], [T, F], [F, T]]
    assert m.first_hit_rank(matrix) == 2
    assert m.hit_at(matrix, 1) == 0.0 and m.hit_at(matrix, 5) == 1.0
    assert m.reciprocal_rank(matrix) == 0.5
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 / math.log2(2) + 1 / math.log2(3)
    assert m.ndcg_at(matrix, 10) == pytest.approx(dcg / ideal)
    assert m.recall_at(matrix, 10) == 1.0 and m.recall_at(matrix, 3) == 0.5
    assert m.reciprocal_rank([[F]] * 12 + [[T]], 10) == 0.0
    assert m.ndcg_at([], 10) == 0.0


def test_answer_metrics_hand_computed() -> None:
    # prediction 4 tokens, reference 3, common 2: P=1/2, R=2/3, F1=4/7
    assert m.token_f1("the cat sat down", "a cat sat") == pytest.approx(4 / 7)
    # LCS("a b c d e", "a c e") = 3: P=3/5, R=1, F=0.75
    assert m.rouge_l("a b c d e", "a c e") == pytest.approx(0.75)
    assert m.contains_answer("It went to Ofsted on 13th August 2019.", "13th  August 2019") == 1.0
    assert m.contains_answer("in August", "13th August") == 0.0
    assert m.percentile([10, 20, 30, 40], 50) == 25
    assert m.percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)


def passage(rank: int, text: str, source: str = "a.txt") -> Passage:
    return Passage(
        rank=rank,
        score=1 / rank,
        text=text,
        source=source,
        citation=Citation(id=str(rank), source=source),
    )


def test_score_question_citation_precision_and_abstention() -> None:
    q = load_one(
        {
            "id": "q",
            "question": "agency?",
            "answer": "£2m",
            "kind": "fact",
            "gold": [{"source": "a.txt", "quote": "agency staff cost £2m"}],
        }
    )
    passages = [passage(1, "parking permits were discussed"), passage(2, "agency staff cost £2m")]
    answer = Answer(
        question="agency?",
        text="Found in 1.\n\n“agency staff cost £2m” [2] x [1]",
        claims=[
            Claim(text="a", markers=[1], citation_ids=["2"]),
            Claim(text="b", markers=[2], citation_ids=["1"]),
        ],
        passages=passages,
    )
    row = score_question(q, passages, answer)
    assert row["hit@1"] == 0.0 and row["hit@5"] == 1.0 and row["mrr@10"] == 0.5
    assert row["citation_precision"] == 0.5 and row["false_abstention"] == 0.0
    assert row["answer_contains"] == 1.0
    unanswerable = load_one({"id": "u", "question": "bins?", "gold": []})
    refused = Answer(
        question="bins?", text="The indexed minutes do not discuss bins.", abstained=True
    )
    assert score_question(unanswerable, [], refused) == {"abstention": 1.0}


def test_ranking_metrics_are_named_by_the_cutoff_actually_used() -> None:
    q = load_one({"id": "q", "question": "?", "gold": [{"source": "a.txt", "quote": "x y z"}]})
    passages = [passage(i, "nothing here at all") for i in range(1, 6)]
    answer = Answer(question="?", text="", passages=passages)
    assert [key for key in score_question(q, passages, answer, k=5) if "@" in key] == [
        "hit@1",
        "hit@5",
        "mrr@5",
        "ndcg@5",
        "recall@5",
    ]
    assert retrieval_metrics(3) == ("hit@1", "hit@3", "mrr@3", "ndcg@3", "recall@3")
    assert retrieval_metrics(10)[:3] == ("hit@1", "hit@5", "hit@10")
    table = markdown_table({"ours": {"hit@1": 0.5, "mrr@5": 0.6}}, k=5)
    assert "mrr@5" in table and "@10" not in table


def load_one(row: dict[str, object]) -> Question:
    return Question.model_validate(row)


def test_question_set_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "question": "x", "gold": []}\n{"id": "b"}\n')
    with pytest.raises(InputError, match=r"q\.jsonl:2"):
        load_questions(bad)


def test_qmsum_adapter(tmp_path: Path) -> None:
    reply = "Schools will reopen in June once the testing  programme is ready for every pupil."
    raw = {
        "meeting_transcripts": [
            {"speaker": "Chair", "content": "Welcome  to the meeting."},
            {"speaker": "Minister", "content": reply},
            {"speaker": "Member", "content": "What about exams?"},
        ],
        "specific_query_list": [
            {
                "query": "When do schools reopen?",
                "answer": "June",
                "relevant_text_span": [["1", "2"]],
            },
            {"query": "Who said hello?", "answer": "the Chair", "relevant_text_span": [[0, 0]]},
        ],
    }
    source = tmp_path / "val" / "education_9.json"
    source.parent.mkdir()
    source.write_text(json.dumps(raw))
    questions = write_qmsum([source], tmp_path / "corpus")
    text = (tmp_path / "corpus" / "education_9.txt").read_text()
    assert text.split("\n\n")[1] == "Minister: " + " ".join(reply.split())
    # Gold: the turns that say at least 12 words, without the speaker label; a question whose
    # spans hold only short turns has nothing to be judged against and is left out.
    assert questions == [
        {
            "id": "education_9-0",
            "question": "When do schools reopen?",
            "answer": "June",
            "gold": [{"source": "education_9.txt", "quote": " ".join(reply.split())}],
            "kind": "said",
            "split": "val",
        }
    ]
    assert all(g["quote"] in text for g in questions[0]["gold"])  # verbatim spans


def test_items_adapter(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps(
            {
                "id": "i1",
                "council": "Leeds",
                "title": "Libraries",
                "text": "Library hours were extended.",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "i2",
                "council": "York",
                "title": "Parks",
                "text": "The parks strategy was agreed.",
            }
        )
        + "\n"
    )
    asked = tmp_path / "asked.jsonl"
    asked.write_text(json.dumps({"id": "q1", "question": "Parks?", "gold_items": ["i2"]}) + "\n")
    out = items_to_questions(items, asked)
    assert out == [
        {
            "id": "q1",
            "question": "Parks?",
            "gold": [{"source": "items.jsonl", "quote": "The parks strategy was agreed."}],
        }
    ]
    asked.write_text(json.dumps({"id": "q1", "question": "?", "gold_items": ["nope"]}) + "\n")
    with pytest.raises(InputError, match="unknown item ids"):
        items_to_questions(items, asked)


def test_eval_prep_names_the_bad_line_of_a_malformed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items, asked = tmp_path / "items.jsonl", tmp_path / "asked.jsonl"
    items.write_text('{"id": "i1", "text": "Parks."}\n{"id": "i2", "text": \n')
    asked.write_text('{"id": "q1", "question": "Parks?", "gold_items": ["i1"]}\n')
    args = ["eval-prep", "items", str(items), str(asked), "--out", str(tmp_path / "o")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"minutes: error: {items}:2: not valid JSON") and err.count("\n") == 1
    assert "invalid setting" not in err
    (tmp_path / "meeting.json").write_text("[1, 2]")
    assert main(["eval-prep", "qmsum", str(tmp_path / "meeting.json"), "--out", str(tmp_path)]) == 2
    assert "not a QMSum meeting file" in capsys.readouterr().err


def test_minutes_eval_runs_every_system_and_writes_reports(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    code = main(
        [
            "eval",
            str(REPO / "eval" / "questions" / "sample.jsonl"),
            "--corpus",
            str(REPO / "samples" / "corpus"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = capsys.readouterr().out
    for system in ("ours", "bm25", "dense", "langchain-naive"):
        assert f"| {system} |" in table
        rows = [json.loads(line) for line in (out / f"{system}.jsonl").read_text().splitlines()]
        assert len(rows) == 25
        assert set(rows[0]) >= {"id", "passages", "answer", "abstained"}
        assert set(rows[0]["passages"][0]) >= {"source", "text"}
    report = json.loads((out / "report.json").read_text())
    assert report["questions"] == 25 and report["answerable"] == 20
    assert 0.0 <= report["systems"]["ours"]["hit@5"] <= 1.0
    assert (out / "report.md").read_text().startswith("| system |")
    assert (out / "report.png").stat().st_size > 1000
    # Deterministic given the same index: a second run writes the same per-question results.
    first = (out / "ours.jsonl").read_text()
    assert (
        main(
            [
                "eval",
                str(REPO / "eval" / "questions" / "sample.jsonl"),
                "--systems",
                "ours",
                "--corpus",
                str(REPO / "samples" / "corpus"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert (out / "ours.jsonl").read_text() == first


def test_eval_prep_qmsum_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shared_dir: Path
) -> None:
    source = shared_dir / "corpus" / "qmsum-committee-dev" / "val"
    assert main(["eval-prep", "qmsum", str(source), "--out", str(tmp_path / "q")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["count"] == 66  # of 67: one question's spans hold only short turns
    written = load_questions(tmp_path / "q" / "questions.jsonl")
    assert {q.split for q in written} == {"val"}
    assert len(list((tmp_path / "q" / "corpus").glob("*.txt"))) == 6
