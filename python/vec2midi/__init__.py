"""vec2midi from Python: pictures to melodies and pieces, and the fastest MusicVAE decoder, over the C++ engine.

    import vec2midi
    melody = vec2midi.compose("examples/red_car.jpg")     # or an H×W×3 uint8 RGB array
    melody.colour, melody.notes                             # "red", structured array (pitch, start, end)
    melody.save("out")                                      # out/red_car.mid, .wav, .png — what the CLI writes

    piece = vec2midi.compose("examples/red_car.jpg", bars=8, key="Am", accompaniment="full", nudges={1: 1.5})
    piece.form_text, piece.key                              # "A A′ B A″", "A minor"
    [t.name for t in piece.tracks]                          # ["melody", "chords", "bass", "drums"]
    piece.chords[0]                                         # {"name": "F", "pitch_classes": [5, 9, 0], "start": 0, ...}
    piece.palette[0]                                        # {"colour": "red", "weight": 0.39, "box": ..., "rgb": ...}
    piece.midi_bytes(), piece.wav(), piece.to_mido()        # the multi-track MIDI file, its mix, a mido.MidiFile
    vec2midi.sliders()                                      # the latent dims nudges can move, named

    vae = vec2midi.load_model()                             # the shipped MusicVAE
    melodies = vae.decode(numpy.random.randn(4, vae.z_size).astype("float32"))

compose(picture, bars=…, key=…, accompaniment=…, nudges=…, program=…) takes the options of `vec2midi compose`
(--bars, --key, --accompaniment, --nudge, --program) and gives what it gives: Composition.to_json() is the CLI's
--json item and save() writes the same bytes. Bars 1 and 2 decode one phrase; 4, 8, 16 and 32 (or a key or an
accompaniment) make a piece: 2-bar phrases in a rondo-like form (the picture's colour as motif, its variations,
the palette's other colours as episodes), in one key, harmonised, with chords, bass and drums on request.

Times are in 16th-note steps (4 per quarter note, 16 per 4/4 bar). Errors are vec2midi.InputError (a ValueError)
for bad input and vec2midi.Error (a RuntimeError) otherwise, with the messages of the `vec2midi` command.
Models are found as the command finds them: $VEC2MIDI_MODELS, then the project's models/ folder.
"""

from ._engine import Error, InputError, colour_names, note_dtype, track_note_dtype
from .api import Transition, compose, embed, load_model, melody_distance, sliders
from .composition import Composition, Track
from .music_vae import MusicVAE
from .notes import as_notes, midi_bytes, to_mido, wav

__all__ = [
    "Composition", "Error", "InputError", "MusicVAE", "Track", "Transition", "as_notes", "colour_names", "compose",
    "embed", "load_model", "melody_distance", "midi_bytes", "note_dtype", "sliders", "to_mido", "track_note_dtype",
    "wav",
]
