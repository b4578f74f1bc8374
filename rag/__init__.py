"""minutes: cited answers from UK council committee minutes.

import rag
answer = rag.ask("what was said about agency staffing?", index="sample")
print(answer.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ask", "Asker", "Answer", "Filters", "Settings"]

if TYPE_CHECKING:
    from .models import Answer, Filters
    from .qa import Asker, ask
    from .settings import Settings


def __getattr__(name: str) -> Any:
    # Lazy: `import rag` must stay cheap (the CLI imports it before knowing the command).
    if name in ("ask", "Asker"):
        from . import qa

        return getattr(qa, name)
    if name in ("Answer", "Filters"):
        from . import models

        return getattr(models, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
