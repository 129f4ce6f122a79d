"""vec2midi from Python: pictures to melodies, and the fastest MusicVAE decoder, over the C++ engine.

    import vec2midi
    piece = vec2midi.compose("examples/red_car.jpg")      # or an H×W×3 uint8 RGB array
    piece.colour, piece.notes                               # "red", structured array (pitch, start, end)
    piece.save("out")                                       # out/red_car.mid, .wav, .png — what the CLI writes
    vae = vec2midi.load_model()                             # the shipped MusicVAE
    melodies = vae.decode(numpy.random.randn(4, vae.z_size).astype("float32"))

Times are in 16th-note steps (4 per quarter note, 16 per 4/4 bar). Errors are vec2midi.InputError (a ValueError)
for bad input and vec2midi.Error (a RuntimeError) otherwise, with the messages of the `vec2midi` command.
Models are found as the command finds them: $VEC2MIDI_MODELS, then the project's models/ folder.
"""

from ._engine import Error, InputError, colour_names, note_dtype
from .api import Transition, compose, embed, load_model, melody_distance
from .composition import Composition
from .music_vae import MusicVAE
from .notes import as_notes, midi_bytes, to_mido, wav

__all__ = [
    "Composition", "Error", "InputError", "MusicVAE", "Transition", "as_notes", "colour_names", "compose",
    "embed", "load_model", "melody_distance", "midi_bytes", "note_dtype", "to_mido", "wav",
]
