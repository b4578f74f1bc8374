"""The index as a LangChain retriever, so it plugs into anyone's chain::

    from rag.retriever import MinutesRetriever
    retriever = MinutesRetriever.from_index("sample", k=5)
    docs = retriever.invoke("what was said about agency staffing?")

Each ``Document`` holds the passage text; its metadata holds ``source``, ``score`` and every
citation field (council, committee, meeting_date, item_number, item_title, url, page, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from .index import resolve_index_path
from .models import Filters
from .search import Searcher, open_searcher
from .settings import Settings

__all__ = ["MinutesRetriever"]


class MinutesRetriever(BaseRetriever):
    """Hybrid (FAISS + BM25) retrieval over a minutes index, with citation metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Searcher
    k: int = Field(5, ge=1, description="Passages returned per query.")
    filters: Filters = Field(default_factory=Filters, description="Applied inside retrieval.")

    @classmethod
    def from_index(
        cls, index: str | Path | None = None, settings: Settings | None = None, **kwargs: Any
    ) -> MinutesRetriever:
        settings = settings or Settings()
        path = resolve_index_path(index, settings.index.root, settings.index.name)
        return cls(searcher=open_searcher(path, settings), **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        passages = self.searcher.search(query, self.filters, k=self.k)
        return [
            Document(
                page_content=p.text,
                metadata={k: v for k, v in p.to_json().items() if k != "text"},
                id=p.citation.id,
            )
            for p in passages
        ]
