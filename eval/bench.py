"""Speed and scale benchmark: ``python eval/bench.py [options]`` is ``minutes bench [options]``.

See README "Speed and scale" for the commands that produced the quoted figures, and
``python eval/bench.py --help`` for the options.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.benchmark.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
