"""examples/compose_in_python.py, the README's Python example, runs and writes real files."""

import subprocess
import sys

from conftest import PROJECT


def test_the_readme_example_writes_a_midi_file(tmp_path):
    done = subprocess.run([sys.executable, str(PROJECT / "examples" / "compose_in_python.py"),
                           str(PROJECT / "examples" / "red_car.jpg"), str(tmp_path)],
                          capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    colour, _ = done.stdout.split(" ", 1)
    assert colour == "red"
    midi = (tmp_path / "red_car.mid").read_bytes()
    assert midi.startswith(b"MThd") and (tmp_path / "red_car.wav").stat().st_size > 44
    assert (tmp_path / "red_car.png").read_bytes().startswith(b"\x89PNG")
