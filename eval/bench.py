"""Speed and scale benchmark: ``python eval/bench.py [options]`` is ``minutes bench [options]``.

See README "Speed and scale" for the commands that produced the quoted figures, and
``python eval/bench.py --help`` for the options.
"""

from __future__ import annotations

import sys

from rag.apps.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
