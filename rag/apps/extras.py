"""Optional libraries the applications use, loaded when first needed, with what to install."""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import ConfigError

__all__ = ["EXTRAS", "require"]

# Which extra of council-minutes-rag brings each optional library.
EXTRAS = {
    "bm25s": "eval",
    "langchain_text_splitters": "eval",
    "matplotlib": "eval",
    "streamlit": "app",
    "langchain_openai": "llm",
    "fastapi": "serve",
    "uvicorn": "serve",
    "python_multipart": "serve",  # python-multipart, which reads POST /uploads
    "mcp": "mcp",
}


def require(module: str, purpose: str) -> Any:
    """Import ``module``, or raise a ConfigError naming ``purpose`` and the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        extra = EXTRAS.get(module.split(".")[0])
        how = f"pip install 'council-minutes-rag[{extra}]'" if extra else f"pip install {module}"
        raise ConfigError(f"{purpose} needs {module.split('.')[0]}: {how}") from None
