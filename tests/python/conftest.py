"""Shared fixtures of the Python module's tests: where the project, its build and ../shared are, and Magenta's
mel_2bar_small imported once per session by the `vec2midi` command. ctest runs each test file with PYTHONPATH
set to build/python; VEC2MIDI_BIN and VEC2MIDI_SHARED name the build's binary and the shared folder."""

import json
import os
import pathlib
import subprocess

import pytest

PROJECT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(os.environ.get("VEC2MIDI_BIN", PROJECT / "build" / "vec2midi"))
SHARED = pathlib.Path(os.environ.get("VEC2MIDI_SHARED", PROJECT.parent / "shared"))
EXAMPLES = sorted((PROJECT / "examples").glob("*.jpg"))


def shared(relative):
    """A path under ../shared; fails loudly (not a skip) when it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the project (or VEC2MIDI_SHARED)")
    return path


def run_cli(*args):
    """Runs build/vec2midi with `args`; returns its stdout, failing the test with its stderr on a non-zero exit."""
    done = subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"vec2midi {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
    return done.stdout


@pytest.fixture(scope="session")
def mel_2bar_small(tmp_path_factory):
    """Magenta's mel_2bar_small (decoder only) as a vec2midi model file."""
    out = tmp_path_factory.mktemp("magenta") / "mel_2bar_small.safetensors"
    run_cli("import-magenta", shared("data/magenta/mel_2bar_small"), "-o", out, "--quiet")
    return out


@pytest.fixture(scope="session")
def golden():
    return json.loads(shared("golden/magenta_mel_2bar_small_argmax.json").read_text())
