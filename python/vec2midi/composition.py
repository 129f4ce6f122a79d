"""Composition: what a picture became — its colour, the distances to every colour centre, its embedding and
latent vector, and the melody — with the files `vec2midi compose` writes and a notebook view."""

import base64
import html
import json

from . import _engine
from .notes import DEFAULT_TEMPO, midi_bytes, to_mido, wav, wav_bytes


class Composition:
    """Made by vec2midi.compose(); not built directly."""

    def __init__(self, engine):
        self._engine = engine

    colour = property(lambda self: self._engine.colour, doc="The nearest colour's name, e.g. 'red'.")
    colour_index = property(lambda self: self._engine.colour_index, doc="Its index in vec2midi.colour_names.")
    embedding = property(lambda self: self._engine.embedding, doc="The picture's embedding e, (E,) float32.")
    z = property(lambda self: self._engine.z, doc="The latent vector decoded, (Z,) float32.")
    notes = property(lambda self: self._engine.notes, doc="The melody: a note array (pitch, start, end in steps).")
    steps = property(lambda self: self._engine.n_steps, doc="The melody's length in 16th-note steps.")
    continuous = property(lambda self: self._engine.continuous, doc="z came from e itself, not the colour centre.")

    @property
    def distances(self):
        """Squared L2 distance of the embedding to each colour centre: {name: distance}."""
        return dict(zip(_engine.colour_names, self._engine.distances.tolist()))

    def to_json(self):
        """The item `vec2midi compose --json` prints for this picture (without its file names)."""
        return json.loads(self._engine.json())

    def midi_bytes(self, tempo=DEFAULT_TEMPO, program=0):
        """The MIDI file `vec2midi compose` writes, as bytes."""
        return midi_bytes(self.notes, self.steps, tempo, program)

    def wav(self, tempo=DEFAULT_TEMPO, program=0, rate=44100):
        """(samples (n, 2) float32, rate): the melody played by FluidSynth."""
        return wav(self.notes, self.steps, tempo, program, rate)

    def to_mido(self, tempo=DEFAULT_TEMPO, program=0):
        """The melody as a mido.MidiFile (needs mido)."""
        return to_mido(self.notes, tempo, program)

    def piano_roll_png(self, width=1024, height=384):
        """The piano roll (in the colour's display colour) as PNG bytes."""
        return _engine.piano_roll_png(self.notes, self.steps, self._engine.display_colour, width, height)

    def save(self, directory=".", name=None, tempo=DEFAULT_TEMPO, program=0, video=False, force=False):
        """Writes NAME.mid, NAME.wav, NAME.png (and NAME.mp4 with video=True) into `directory`, each atomically, as
        the CLI does; NAME defaults to the picture file's stem ("composition" for an array). Existing files are
        refused unless force=True. Returns {"midi": path, "wav": path, "png": path[, "mp4": path]}."""
        name = name or self._engine.name or "composition"
        return self._engine.save(str(directory), name, float(tempo), int(program), bool(video), bool(force))

    def __repr__(self):
        return f"<Composition {self.colour}: {len(self.notes)} notes in {self.steps} steps>"

    def _repr_html_(self):
        # The notebook view: colour, notes, the piano roll and an audio player (both embedded as data URIs).
        png = base64.b64encode(self.piano_roll_png(768, 256)).decode()
        audio = base64.b64encode(wav_bytes(*self.wav())).decode()
        notes = " ".join(f"{p}[{s},{e})" for p, s, e in self.notes.tolist())
        return (f"<div><b>{html.escape(self.colour)}</b> — {len(self.notes)} notes: <code>{html.escape(notes)}"
                f"</code><br><img src='data:image/png;base64,{png}' alt='piano roll'><br>"
                f"<audio controls src='data:audio/wav;base64,{audio}'></audio></div>")
