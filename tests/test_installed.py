"""Installed, not only checked out: the wheel, installed (not editable) into a fresh virtual
environment, runs ``minutes ingest``, ``ask``, ``eval --help`` and ``app`` from an empty folder,
and reads the council register it ships.

The fresh environment borrows the test environment's dependencies through a path file (no
download, no build of torch), but not its editable install of this project: the code it runs
is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_CORPUS

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("installed")
    pip = [sys.executable, "-m", "pip"]
    built = run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(REPO)],
        work,
        dict(os.environ),
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("council_minutes_rag-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        work,
        dict(os.environ),
    ).stdout.strip()
    # The dependencies of the test environment, as a plain path: its .pth files (among them
    # the editable install of this checkout) are not read from there.
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        work,
        dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    return venv / "bin"


@pytest.fixture
def empty(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "empty"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINUTES_", "PYTHON"))}
    env["HF_HUB_OFFLINE"] = "1"
    return folder, env


def test_the_installed_package_is_the_wheel_not_the_checkout(
    installed: Path, empty: tuple[Path, dict[str, str]]
) -> None:
    folder, env = empty
    done = run([str(installed / "python"), "-c", "import rag; print(rag.__file__)"], folder, env)
    assert done.returncode == 0, done.stderr
    assert not Path(done.stdout.strip()).is_relative_to(REPO)


def test_the_council_register_ships_in_the_wheel(
    installed: Path, empty: tuple[Path, dict[str, str]]
) -> None:
    folder, env = empty
    code = (
        "from rag.councils import load_register; r = load_register(); "
        "print(len(r.councils), r.find('Cyngor Sir Ynys Môn')[0].council.name)"
    )
    done = run([str(installed / "python"), "-c", code], folder, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1) == ["429", "Isle of Anglesey\n"]


def test_ingest_ask_and_eval_help_from_an_empty_folder(
    installed: Path, empty: tuple[Path, dict[str, str]]
) -> None:
    folder, env = empty
    shutil.copytree(SAMPLE_CORPUS, folder / "corpus")
    minutes = str(installed / "minutes")
    done = run([minutes, "ingest", "corpus", "--index", "sample"], folder, env)
    assert done.returncode == 0, done.stderr
    assert "5 new" in done.stdout and (folder / "indexes" / "sample").is_dir()
    done = run([minutes, "ask", "what was said about agency staffing?", "--index", "sample"],
               folder, env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Sources:" in done.stdout and "BCP" in done.stdout
    done = run([minutes, "eval", "--help"], folder, env)
    assert done.returncode == 0 and "--corpus" in done.stdout


def test_minutes_app_serves_the_installed_page(
    installed: Path, empty: tuple[Path, dict[str, str]]
) -> None:
    folder, env = empty
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(installed / "minutes"), "app", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as reply:
                    assert reply.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.5)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Inotify" not in output and "Traceback" not in output
