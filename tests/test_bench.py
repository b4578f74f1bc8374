"""`minutes bench`: the quick run's JSON shape and sanity (no timing thresholds), its helpers,
and the ONNX backends against the torch one (slow: real model, local export)."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import numpy as np
import pytest

from rag.apps.benchmark.cli import parse_scale
from rag.apps.benchmark.corpus import change_files, minutes_text, write_corpus
from rag.apps.benchmark.ingest import Recorder
from rag.apps.benchmark.report import markdown, targets
from rag.apps.cli import main
from rag.errors import ConfigError
from tests.fakes import FakeEmbedder


def test_quick_bench_writes_sane_json_and_tables(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench"
    assert main(["bench", "--quick", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "### Ingest" in printed and "### Targets" in printed
    result = json.loads((out / "bench.json").read_text())
    assert (out / "bench.md").read_text().startswith("## minutes bench (quick)")
    assert result["mode"] == "quick" and result["machine"]["cpus"] >= 1

    torch = result["ingest"]["backends"]["torch"]
    ours, raw, naive = torch["ours"], torch["raw"], torch["naive"]
    assert ours["files"] == 12 and ours["chunks"] >= ours["documents"] >= 12
    assert raw["texts"] == ours["chunks_embedded"] > 0
    assert naive["chunks"] > 0 and naive["tokens_embedded"] > 0
    assert {"parse", "chunk", "embed", "write"} <= set(ours["seconds"])
    assert all(v >= 0 for v in ours["seconds"].values())
    assert 0 < torch["model_share"] <= 1 and torch["ours_vs_raw"] > 0
    assert ours["memory"]["rss_peak_mib"] >= ours["memory"]["rss_start_mib"] > 0
    reingest = result["ingest"]["reingest"]
    assert reingest["unchanged"]["files_unchanged"] == 12
    assert reingest["unchanged"]["chunks_embedded"] == 0
    assert reingest["changed"]["files_changed"] == 1
    assert 0 < reingest["changed"]["chunks_embedded"] < ours["chunks"]

    (scale,) = result["query"]["scales"]
    assert scale["chunks"] == 2000 and scale["auto_kind"] == "flat"
    flat, hnsw = scale["kinds"]["flat"], scale["kinds"]["hnsw"]
    assert flat["search"]["recall@10"] == 1.0  # exact search is its own ground truth
    assert 0.9 <= hnsw["search"]["recall@10"] <= 1.0
    assert hnsw["bytes_per_chunk"] > flat["bytes_per_chunk"] >= 64 * 4
    assert set(hnsw["ef_sweep"]) == {"16", "32", "64", "128", "256", "512"}
    assert all(0 <= f["recall@10"] <= 1 for f in hnsw["filtered"].values())
    for part in ("embed", "dense", "bm25", "search", "answer"):
        stats = scale["hybrid"][part]
        assert 0 <= stats["p50_ms"] <= stats["p95_ms"] and stats["n"] > 0
    names = [t["target"] for t in result["targets"]]
    assert any("recall@10" in n for n in names) and any("re-ingest" in n for n in names)


def test_repeated_rounds_report_medians_and_every_round(
    tmp_path: Path, fake_env: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench"
    args = ["bench", "--quick", "--skip", "query", "--repeat", "3", "--out", str(out)]
    assert main(args) == 0
    assert "median of 3 interleaved rounds" in capsys.readouterr().out
    result = json.loads((out / "bench.json").read_text())
    ingest = result["ingest"]
    entry = ingest["backends"]["torch"]
    assert ingest["rounds"] == entry["rounds"] == 3
    for part in ("ours", "raw", "naive"):
        walls = entry[part]["wall_s_rounds"]
        assert len(walls) == 3 and entry[part]["wall_s"] == sorted(walls)[1]
    for ratio in ("ours_vs_raw", "ours_vs_naive_same_runtime", "ours_vs_naive_as_shipped"):
        per_round = entry[ratio + "_rounds"]
        assert len(per_round) == 3 and entry[ratio] == sorted(per_round)[1]
    assert len(ingest["naive_as_shipped"]["wall_s_rounds"]) == 3
    checks = [c for c in result["targets"] if "naive" in c["target"] or "raw" in c["target"]]
    assert checks and all(len(c["rounds"]) == 3 for c in checks)
    assert "| every round |" in (out / "bench.md").read_text()
    assert main(["bench", "--quick", "--repeat", "0", "--out", str(out)]) == 2


def test_bench_options_are_checked(tmp_path: Path, fake_env: FakeEmbedder) -> None:
    assert parse_scale("10k") == 10_000 and parse_scale("1M") == 1_000_000
    assert parse_scale("2,500") == 2500
    with pytest.raises(ConfigError):
        parse_scale("lots")
    assert main(["bench", "--quick", "--kinds", "ivf", "--out", str(tmp_path)]) == 2
    assert main(["bench", "--quick", "--corpus", str(tmp_path / "none")]) == 2


def test_synthetic_corpus_is_deterministic_minutes(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 3, seed=1)
    b = write_corpus(tmp_path / "b", 3, seed=1)
    assert [p.read_text() for p in a] == [p.read_text() for p in b]
    text = minutes_text(random.Random(2))
    assert "MINUTES of a meeting of the" in text and "\n2. " in text
    changed = change_files(a, 0.01)
    assert len(changed) == 1 and changed[0].read_text() != b[a.index(changed[0])].read_text()


def test_dry_recorder_counts_with_the_real_tokenizer_but_never_embeds() -> None:
    fake = FakeEmbedder()
    dry = Recorder(fake, dry=True)
    vectors = dry.embed(["one text", "two texts"])
    assert vectors.shape == (2, 64) and not vectors.any() and fake.calls == 0
    assert dry.count_tokens(["three words here"]) == fake.count_tokens(["three words here"])
    assert dry.texts == ["one text", "two texts"]


def test_targets_report_met_and_unmet() -> None:
    result = {
        "ingest": {
            "backends": {"torch": {"ours_vs_raw": 0.95, "model_share": 0.97}},
            "reingest": {"unchanged": {"fraction_of_full": 0.05}},
        }
    }
    checks = {c["target"]: c["met"] for c in targets(result)}
    assert checks["ingest ≥ 90% of raw embedder throughput (torch)"] is True
    assert checks["unchanged re-ingest ≤ 3% of full"] is False
    assert "### Targets" not in markdown({"query": {"scales": []}})  # nothing measured


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="needs .[onnx]")
def test_onnx_backends_match_torch_and_int8_has_its_own_name(tmp_path: Path) -> None:
    from rag.embedders import embedder_name, load_embedder
    from rag.errors import EmbedderMismatchError
    from rag.index import IndexStore
    from rag.settings import EmbedderSettings

    texts = ["The committee approved the highways budget.", "Agency staff costs rose.", "x " * 400]
    torch = load_embedder(EmbedderSettings(backend="torch"))  # the default is int8 ONNX
    reference = torch.embed(texts)
    fp32 = load_embedder(EmbedderSettings(backend="onnx", onnx_cache=tmp_path))
    int8 = load_embedder(EmbedderSettings(backend="onnx-int8", onnx_cache=tmp_path))
    assert fp32.name == torch.name
    assert int8.name == embedder_name(EmbedderSettings(backend="onnx-int8"))
    assert int8.name.endswith("+onnx-int8")
    assert np.min(np.sum(fp32.embed(texts) * reference, axis=1)) > 0.9999
    assert np.min(np.sum(int8.embed(texts) * reference, axis=1)) > 0.97
    assert np.allclose(np.linalg.norm(int8.embed(texts), axis=1), 1.0, atol=1e-4)
    assert fp32.count_tokens(texts) == torch.count_tokens(texts)
    assert fp32.max_tokens == torch.max_tokens
    IndexStore.create(tmp_path / "idx", int8.name, 384, {}).close()
    with pytest.raises(EmbedderMismatchError, match="BACKEND=onnx-int8"):
        IndexStore.open(tmp_path / "idx", embedder=fp32.name)
