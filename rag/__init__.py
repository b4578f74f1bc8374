"""minutes: cited answers from UK council committee minutes.

import rag
answer = rag.ask("what was said about agency staffing?", index="sample")
print(answer.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Asker", "Filters", "Settings", "ask"]

if TYPE_CHECKING:
    from .answers import Asker, ask
    from .models import Answer, Filters
    from .settings import Settings

_LAZY = {
    "ask": "rag.answers",
    "Asker": "rag.answers",
    "Answer": "rag.models",
    "Filters": "rag.models",
    "Settings": "rag.settings",
}


def __getattr__(name: str) -> Any:
    # Lazy: `import rag` must stay cheap (the CLI imports it before knowing the command).
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
