"""vec2midi.compose making pieces (bars 4+, a key, an accompaniment, nudges) against `vec2midi compose`: the same
JSON item and the same files for every example; the multi-track MIDI; the sliders; bad options."""

import io
import json

import mido
import numpy as np
import pytest

import vec2midi
from conftest import EXAMPLES, run_cli

PIECE_OPTION_SETS = [
    {"bars": 8, "accompaniment": "full", "key": "Am", "program": 73},
    {"bars": 4, "accompaniment": "chords", "nudges": {1: 1.5}, "temperature": 0.5, "seed": 7},
]


def cli_args(options):
    args = ["--bars", options["bars"], "--accompaniment", options["accompaniment"]]
    if "key" in options:
        args += ["--key", options["key"]]
    if "program" in options:
        args += ["--program", options["program"]]
    for dim, value in options.get("nudges", {}).items():
        args += ["--nudge", f"{dim}={value}"]
    if "temperature" in options:
        args += ["--temperature", options["temperature"], "--seed", options["seed"]]
    return args


@pytest.mark.parametrize("options", PIECE_OPTION_SETS, ids=["8_bars_full_in_a_minor", "4_bars_chords_nudged"])
def test_a_piece_equals_the_cli_for_every_example(tmp_path, options):
    assert len(EXAMPLES) >= 6
    cli = json.loads(run_cli("compose", *EXAMPLES, "-o", tmp_path / "cli", "--json", *cli_args(options)))
    for image, item in zip(EXAMPLES, cli["items"]):
        piece = vec2midi.compose(image, **options)
        assert piece.is_piece, image.name
        expected = {k: v for k, v in item.items() if k not in ("image", "files")}
        assert piece.to_json() == expected, image.name
        assert piece.midi_bytes() == (tmp_path / "cli" / (image.stem + ".mid")).read_bytes(), image.name
        assert piece.piano_roll_png() == (tmp_path / "cli" / (image.stem + ".png")).read_bytes(), image.name
        files = piece.save(tmp_path / "py")
        for kind in ("midi", "wav", "png"):
            assert open(files[kind], "rb").read() == open(item["files"][kind], "rb").read(), (image.name, kind)


def test_a_piece_describes_itself():
    piece = vec2midi.compose(EXAMPLES[0], bars=8, key="Am", accompaniment="full", nudges=["1=1.5"])
    doc = piece.to_json()
    assert piece.key == "A minor" == doc["key"] and piece.accompaniment == "full"
    assert [p["label"] for p in piece.form] == doc["form_text"].split() == piece.form_text.split()
    assert piece.form[0]["start"] == 0 and piece.form[-1]["end"] == piece.steps == 8 * 16
    assert piece.chords == doc["chords"] and piece.sliders == doc["sliders"] == vec2midi.sliders()
    assert doc["nudges"] == {"1": 1.5}
    names = [t.name for t in piece.tracks]
    assert names == [t["name"] for t in doc["tracks"]] == ["melody", "chords", "bass", "drums"]
    for track, expected in zip(piece.tracks, doc["tracks"]):
        assert (track.program, track.channel) == (expected["program"], expected["channel"])
        assert track.notes.dtype == vec2midi.track_note_dtype
        assert track.notes.tolist() == [(n["pitch"], n["start"], n["end"], n["velocity"]) for n in expected["notes"]]
    assert piece.tracks[0].notes[["pitch", "start", "end"]].tolist() == piece.notes.tolist()
    assert abs(sum(p["weight"] for p in piece.palette) - 1.0) < 1e-9
    first = piece.palette[0]
    assert first["colour"] in vec2midi.colour_names and len(first["box"]) == 4 and len(first["rgb"]) == 3
    assert "#%02x%02x%02x" % first["rgb"] == doc["palette"][0]["rgb"]


def test_a_single_phrase_has_no_form_key_or_chords():
    phrase = vec2midi.compose(EXAMPLES[0], bars=2)
    assert not phrase.is_piece and phrase.form == [] and phrase.key is None and phrase.chords == []
    assert phrase.form_text == "" and phrase.accompaniment == "none" and phrase.palette
    (melody,) = phrase.tracks
    assert melody.name == "melody" and melody.notes[["pitch", "start", "end"]].tolist() == phrase.notes.tolist()
    # A key alone makes a piece, even of one phrase.
    assert vec2midi.compose(EXAMPLES[0], bars=2, key="C").is_piece


def test_the_midi_has_the_four_named_tracks_and_mido_reads_it():
    piece = vec2midi.compose(EXAMPLES[1], bars=4, accompaniment="full", program=40)
    midi = mido.MidiFile(file=io.BytesIO(piece.midi_bytes()))
    names = [next((m.name for m in t if m.type == "track_name"), None) for t in midi.tracks]
    assert names[-4:] == ["melody", "chords", "bass", "drums"]
    melody = midi.tracks[names.index("melody")]
    assert [m.program for m in melody if m.type == "program_change"] == [40]
    pitches = [m.note for m in melody if m.type == "note_on" and m.velocity > 0]
    assert pitches == piece.notes["pitch"].tolist()
    assert len(piece.to_mido().tracks) == len(midi.tracks)
    # Another program for the melody only, in every output.
    flute = mido.MidiFile(file=io.BytesIO(piece.midi_bytes(program=73)))
    assert [m.program for m in flute.tracks[names.index("melody")] if m.type == "program_change"] == [73]
    samples, rate = piece.wav()
    assert rate == 44100 and samples.shape[1] == 2 and samples.shape[0] > 8 * rate  # 4 bars at 120 = 8 s
    assert np.abs(samples).max() > 0.01


def test_a_piece_shows_itself_in_a_notebook():
    piece = vec2midi.compose(EXAMPLES[2], bars=4, accompaniment="chords")
    view = piece._repr_html_()
    assert "data:image/png;base64," in view and "data:audio/wav;base64," in view
    assert piece.key in view and piece.form_text in view and "bass" in view
    assert piece.piano_roll_png(512, 256).startswith(b"\x89PNG") and "piece" in repr(piece)


def test_the_model_names_its_sliders():
    named = vec2midi.sliders()
    assert named and all({"dim", "name", "feature", "effect", "min", "max"} <= set(s) for s in named)
    assert vec2midi.load_model().sliders == named
    assert vec2midi.sliders(vec2midi.api.default_model("embedder.safetensors")) == []  # no sliders file beside it


def test_bad_piece_options_raise_input_errors():
    image = EXAMPLES[0]
    with pytest.raises(vec2midi.InputError, match="H#"):
        vec2midi.compose(image, bars=4, key="H#")
    with pytest.raises(vec2midi.InputError, match="orchestra"):
        vec2midi.compose(image, bars=4, accompaniment="orchestra")
    with pytest.raises(vec2midi.InputError, match="bars must be 1, 2, 4, 8, 16 or 32, got 6"):
        vec2midi.compose(image, bars=6)
    with pytest.raises(vec2midi.InputError, match="1=9"):
        vec2midi.compose(image, bars=4, nudges={1: 9})
    with pytest.raises(vec2midi.InputError, match="x=1"):
        vec2midi.compose(image, bars=4, nudges=["x=1"])
    with pytest.raises(vec2midi.InputError, match="dims 0..127"):
        vec2midi.compose(image, bars=4, nudges={500: 1})
    with pytest.raises(vec2midi.InputError, match="DIM=VALUE"):
        vec2midi.compose(image, bars=4, nudges=[(1, "a", 2)])
    with pytest.raises(vec2midi.InputError, match="program"):
        vec2midi.compose(image, bars=4, program=128)
    with pytest.raises(vec2midi.InputError, match="palette size"):
        vec2midi.compose(image, bars=4, palette_size=0)
    piece = vec2midi.compose(image, bars=4)
    with pytest.raises(vec2midi.InputError, match="program"):
        piece.midi_bytes(program=-1)
    with pytest.raises(vec2midi.InputError, match="tempo"):
        piece.wav(tempo=5)
    with pytest.raises(vec2midi.InputError, match="sample rate"):
        piece.wav(rate=10)
    with pytest.raises(vec2midi.InputError, match="piano roll"):
        piece.piano_roll_png(10, 10)
