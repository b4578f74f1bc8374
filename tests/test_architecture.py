"""The layers hold: applications -> ingest -> core, no import cycles, every core module placed.

The contracts live in pyproject.toml ([tool.importlinter]); ``make lint`` and CI run them. These
tests prove they pass on the code as it is and fail on a deliberate upward import, a cycle and
a core module left out of the layers, each planted in a copy of the packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT = Path(sys.executable).with_name("lint-imports")
pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(root))  # the copy, not the installed packages
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for package in ("rag", "ingest"):
        shutil.copytree(REPO / package, tmp_path / package)
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


def plant(module: Path, line: str) -> None:
    module.write_text(module.read_text() + f"\n{line}\n")


def test_the_contracts_are_kept(copy: Path) -> None:
    done = lint(copy)
    assert done.returncode == 0, done.stdout
    assert "4 kept, 0 broken" in done.stdout


def test_the_service_importing_an_application_breaks_its_contract(copy: Path) -> None:
    """The CLI, the app, the API and MCP sit above one service layer; it never reaches up."""
    plant(copy / "rag" / "apps" / "service.py", "from . import cli  # upward")
    done = lint(copy)
    assert done.returncode == 1
    assert "one service layer below them BROKEN" in done.stdout
    assert "rag.apps.service -> rag.apps.cli" in done.stdout


def test_core_importing_ingest_breaks_the_layers(copy: Path) -> None:
    plant(copy / "rag" / "text.py", "import ingest.pipeline  # upward")
    done = lint(copy)
    assert done.returncode == 1
    assert "imports only point down BROKEN" in done.stdout
    assert "rag.text -> ingest.pipeline" in done.stdout


def test_ingest_importing_an_application_breaks_the_layers(copy: Path) -> None:
    plant(copy / "ingest" / "chunker.py", "from rag.apps import cli  # upward")
    done = lint(copy)
    assert done.returncode == 1 and "imports only point down BROKEN" in done.stdout


def test_an_import_cycle_is_refused(copy: Path) -> None:
    plant(copy / "rag" / "answers" / "base.py", "from . import asker  # a cycle")
    done = lint(copy)
    assert done.returncode == 1
    assert "No import cycles between sibling modules BROKEN" in done.stdout


def test_a_core_module_outside_the_layers_is_refused(copy: Path) -> None:
    (copy / "rag" / "stray.py").write_text("VALUE = 1\n")
    done = lint(copy)
    assert done.returncode == 1
    assert "Every core module has its place in the layers BROKEN" in done.stdout
    assert "rag.stray" in done.stdout
