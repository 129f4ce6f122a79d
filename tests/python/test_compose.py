"""vec2midi.compose against the CLI: the same colour, distances, notes and files for every example; arrays
and paths; the notebook view; bad input."""

import json

import numpy as np
import pytest

import vec2midi
from conftest import EXAMPLES, run_cli
from png import write_png

OPTION_SETS = [{}, {"bars": 2, "temperature": 0.8, "seed": 3}, {"continuous": True}]


def cli_args(options):
    args = []
    if "bars" in options:
        args += ["--bars", options["bars"]]
    if "temperature" in options:
        args += ["--temperature", options["temperature"], "--seed", options["seed"]]
    if options.get("continuous"):
        args += ["--continuous"]
    return args


@pytest.mark.parametrize("options", OPTION_SETS, ids=["defaults", "two_bars_sampled", "continuous"])
def test_compose_equals_the_cli_for_every_example(tmp_path, options):
    assert len(EXAMPLES) >= 6
    cli = json.loads(run_cli("compose", *EXAMPLES, "-o", tmp_path / "cli", "--json", *cli_args(options)))
    for image, item in zip(EXAMPLES, cli["items"]):
        piece = vec2midi.compose(image, **options)
        assert piece.colour == item["colour"], image.name
        ours = piece.to_json()
        assert ours["notes"] == item["notes"], image.name
        assert ours["distances"] == pytest.approx(item["distances"], abs=1e-6), image.name
        assert piece.notes.tolist() == [(n["pitch"], n["start"], n["end"]) for n in item["notes"]]
        cli_midi = (tmp_path / "cli" / (image.stem + ".mid")).read_bytes()
        assert piece.midi_bytes() == cli_midi, image.name
        files = piece.save(tmp_path / "py")
        for kind in ("midi", "wav", "png"):
            assert open(files[kind], "rb").read() == open(item["files"][kind], "rb").read(), (image.name, kind)


def test_an_array_composes_as_its_png_file(tmp_path):
    rng = np.random.default_rng(4)
    rgb = np.zeros((90, 120, 3), dtype=np.uint8)
    rgb[:, :] = (200, 40, 30)
    rgb[30:60, 40:80] = rng.integers(0, 255, (30, 40, 3), dtype=np.uint8)
    write_png(tmp_path / "picture.png", rgb)
    from_file, from_array = vec2midi.compose(tmp_path / "picture.png"), vec2midi.compose(rgb)
    assert from_array.colour == from_file.colour
    assert np.array_equal(from_array.embedding, from_file.embedding)
    assert from_array.notes.tolist() == from_file.notes.tolist()
    # A non-contiguous view is the same picture.
    wide = np.zeros((90, 240, 3), dtype=np.uint8)
    wide[:, ::2] = rgb
    assert np.array_equal(vec2midi.compose(wide[:, ::2]).embedding, from_array.embedding)
    assert from_array.save(tmp_path / "out")["midi"].endswith("composition.mid")


def test_the_result_shows_itself_in_a_notebook_and_converts_to_mido():
    piece = vec2midi.compose(EXAMPLES[0])
    view = piece._repr_html_()
    assert "data:image/png;base64," in view and "data:audio/wav;base64," in view and piece.colour in view
    samples, rate = piece.wav()
    assert rate == 44100 and samples.ndim == 2 and samples.shape[1] == 2 and np.abs(samples).max() > 0.01
    midi = piece.to_mido()
    pitches = [m.note for m in midi.tracks[0] if m.type == "note_on"]
    assert pitches == piece.notes["pitch"].tolist()
    assert abs(midi.length - piece.notes["end"].max() * 0.125) < 1e-6  # 120 quarter notes per minute
    assert set(piece.distances) == set(vec2midi.colour_names)
    assert min(piece.distances, key=piece.distances.get) == piece.colour


def test_bad_input_raises_clear_errors(tmp_path):
    with pytest.raises(vec2midi.InputError, match="no_such.jpg"):
        vec2midi.compose(tmp_path / "no_such.jpg")
    (tmp_path / "text.jpg").write_text("not a picture")
    with pytest.raises(vec2midi.InputError, match="text.jpg"):
        vec2midi.compose(tmp_path / "text.jpg")
    with pytest.raises(vec2midi.InputError, match=r"shape \(height, width, 3\)"):
        vec2midi.compose(np.zeros((10, 10), dtype=np.uint8))
    with pytest.raises(vec2midi.InputError, match="dtype uint8"):
        vec2midi.compose(np.zeros((10, 10, 3), dtype=np.float32))
    with pytest.raises(vec2midi.InputError, match="path or an H"):
        vec2midi.compose(42)
    with pytest.raises(vec2midi.InputError, match="bars"):
        vec2midi.compose(EXAMPLES[0], bars=3)
    with pytest.raises(vec2midi.InputError, match="temperature"):
        vec2midi.compose(EXAMPLES[0], temperature=-1.0)
    with pytest.raises(vec2midi.InputError, match="missing.safetensors"):
        vec2midi.compose(EXAMPLES[0], vae=tmp_path / "missing.safetensors")
    piece = vec2midi.compose(EXAMPLES[0])
    piece.save(tmp_path)
    with pytest.raises(vec2midi.InputError, match="exists"):
        piece.save(tmp_path)
    with pytest.raises(vec2midi.InputError, match="program"):
        piece.save(tmp_path, force=True, program=300)
