"""Composition: what a picture became — its colour, the distances to every colour centre, its embedding and
latent vector, its palette and the melody; for a piece also its form, key, chords and tracks — with the files
`vec2midi compose` writes and a notebook view."""

import base64
import collections
import copy
import functools
import html
import io
import json

from . import _engine
from .notes import DEFAULT_TEMPO, to_mido, wav_bytes

STEPS_PER_BAR = 16  # 16th-note steps in a 4/4 bar
NOTEBOOK_RATE = 22050  # Hz of the notebook view's audio (half of the files' 44100 keeps a long piece's page small)

Track = collections.namedtuple("Track", "name program channel notes")
Track.__doc__ = """One instrument of a composition: its name ("melody", "chords", "bass", "drums"), General MIDI
program, MIDI channel (0-based; 9 is General MIDI drums) and notes, an array of dtype vec2midi.track_note_dtype
(pitch, start, end in steps, velocity); notes of a track may overlap (chords)."""


def _program(program):
    return None if program is None else int(program)


def _html_rgb(rgb):
    return "#%02x%02x%02x" % tuple(rgb)


class Composition:
    """Made by vec2midi.compose(); not built directly. A single phrase (bars 1 or 2) or, with is_piece, a piece:
    the form's phrases in one key with chords and (with an accompaniment) more tracks."""

    def __init__(self, engine):
        self._engine = engine

    colour = property(lambda self: self._engine.colour, doc="The nearest colour's name, e.g. 'red'.")
    colour_index = property(lambda self: self._engine.colour_index, doc="Its index in vec2midi.colour_names.")
    embedding = property(lambda self: self._engine.embedding, doc="The picture's embedding e, (E,) float32.")
    z = property(lambda self: self._engine.z, doc="The latent vector decoded, (Z,) float32 (a piece: the motif's).")
    notes = property(lambda self: self._engine.notes,
                     doc="The melody (a piece's whole melody): a note array (pitch, start, end in steps).")
    steps = property(lambda self: self._engine.n_steps, doc="The melody's length in 16th-note steps.")
    continuous = property(lambda self: self._engine.continuous, doc="z came from e itself, not the colour centre.")
    is_piece = property(lambda self: self._engine.is_piece,
                        doc="A piece (4+ bars, a key or an accompaniment) rather than a single decoded phrase.")
    program = property(lambda self: self._engine.program,
                       doc="The melody's General MIDI program, the default of midi_bytes, wav, to_mido and save.")

    @functools.cached_property
    def _doc(self):
        return json.loads(self._engine.json())

    @property
    def distances(self):
        """Squared L2 distance of the embedding to each colour centre: {name: distance}."""
        return dict(zip(_engine.colour_names, self._engine.distances.tolist()))

    @property
    def palette(self):
        """The picture's salient colour regions by decreasing weight: [{"colour": name, "weight": share of the
        salience (they sum to 1), "box": (x, y, width, height) in pixels, "rgb": (r, g, b) mean colour}]."""
        return [{"colour": p["colour"], "weight": p["weight"], "box": tuple(p["box"]),
                 "rgb": tuple(bytes.fromhex(p["rgb"][1:]))} for p in self._doc["palette"]]

    @property
    def form(self):
        """A piece's phrases: [{"label": "A′", "role": "motif"|"variation"|"episode"|"transition", "colour": the
        colour it was decoded from, "start": step, "end": step}]; [] for a single phrase."""
        return copy.deepcopy(self._doc.get("form", []))

    @property
    def form_text(self):
        """The form as a musician writes it ("A A′ B A″"); "" for a single phrase."""
        return self._doc.get("form_text", "")

    @property
    def key(self):
        """A piece's key ("A minor", "Bb major"), None for a single phrase."""
        return self._doc.get("key")

    @property
    def accompaniment(self):
        """"none", "chords" or "full"."""
        return self._doc.get("accompaniment", "none")

    @property
    def chords(self):
        """A piece's harmony in time order: [{"name": "Am", "pitch_classes": [9, 0, 4], "start": step, "end":
        step}]; [] for a single phrase."""
        return copy.deepcopy(self._doc.get("chords", []))

    @property
    def tracks(self):
        """[Track(name, program, channel, notes)]: a piece's tracks, the melody first ("melody", then "chords",
        "bass", "drums" as the accompaniment has them); a single phrase is one "melody" track."""
        return [Track(*track) for track in self._engine.tracks]

    @property
    def sliders(self):
        """The model's named latent dims (see vec2midi.sliders): [{"dim", "name", "feature", "effect", …}]."""
        return copy.deepcopy(self._doc["sliders"])

    def to_json(self):
        """The item `vec2midi compose --json` prints for this picture with the same options (without "image" and
        "files"): colour, distances, embedding, notes, palette, sliders, nudges and, for a piece, form, key,
        key_signature, scale, chords, tracks, filled_bars and accompaniment."""
        return copy.deepcopy(self._doc)

    def midi_bytes(self, tempo=DEFAULT_TEMPO, program=None):
        """The MIDI file `vec2midi compose` writes, as bytes: a type-0 file of the melody, or for a piece a type-1
        file with a named track per instrument and the key signature. program: the melody's General MIDI program
        (default: the one composed with)."""
        return self._engine.midi_bytes(float(tempo), _program(program))

    def wav(self, tempo=DEFAULT_TEMPO, program=None, rate=44100):
        """(samples (n, 2) float32, rate): what the WAV file holds, played by FluidSynth (a piece: every track)."""
        return self._engine.audio(float(tempo), _program(program), int(rate))

    def to_mido(self, tempo=DEFAULT_TEMPO, program=None):
        """The composition as a mido.MidiFile (needs mido): a melody as one track (tempo, program, notes); a piece
        as midi_bytes() reads — a conductor track, then "melody", "chords", "bass", "drums" as it has them."""
        program = self.program if program is None else int(program)
        if not self.is_piece:
            return to_mido(self.notes, tempo, program)
        try:
            import mido
        except ImportError as e:
            raise ImportError("to_mido needs mido: apt-get install python3-mido") from e
        return mido.MidiFile(file=io.BytesIO(self.midi_bytes(tempo, program)))

    def piano_roll_png(self, width=None, height=None):
        """The piano roll the CLI writes, as PNG bytes: the melody in the colour's display colour (a piece: every
        track, the melody on top, drums in a strip below). Default size: the CLI's, 1024 × 384 (a piece 1024 × 512)."""
        return self._engine.piano_roll_png(int(width or 0), int(height or 0))

    def save(self, directory=".", name=None, tempo=DEFAULT_TEMPO, program=None, video=False, force=False):
        """Writes NAME.mid, NAME.wav, NAME.png (and NAME.mp4 with video=True) into `directory`, each atomically, as
        the CLI does (for a piece: every track); NAME defaults to the picture file's stem ("composition" for an
        array). program defaults to the one composed with. Existing files are refused unless force=True.
        Returns {"midi": path, "wav": path, "png": path[, "mp4": path]}."""
        name = name or self._engine.name or "composition"
        return self._engine.save(str(directory), name, float(tempo), _program(program), bool(video), bool(force))

    def __repr__(self):
        if self.is_piece:
            return (f"<Composition {self.colour}: a piece {self.form_text} in {self.key}, "
                    f"{len(self.tracks)} tracks, {len(self.notes)} melody notes in {self.steps} steps>")
        return f"<Composition {self.colour}: {len(self.notes)} notes in {self.steps} steps>"

    def _repr_html_(self):
        # The notebook view: colour, notes (a piece: form, key, tracks and chords), the piano roll and an audio player
        # (both embedded as data URIs).
        png = base64.b64encode(self.piano_roll_png(768, 384 if self.is_piece else 256)).decode()
        audio = base64.b64encode(wav_bytes(*self.wav(rate=NOTEBOOK_RATE))).decode()
        swatches = " ".join(f"<span style='background:{_html_rgb(p['rgb'])}'>&nbsp;&nbsp;&nbsp;</span> "
                            f"{html.escape(p['colour'])} {p['weight']:.2f}" for p in self.palette)
        if self.is_piece:
            tracks = ", ".join(f"{html.escape(t.name)} ({len(t.notes)} notes)" for t in self.tracks)
            chords = " ".join(html.escape(c["name"]) for c in self.chords)
            body = (f"a piece in <b>{html.escape(self.key)}</b>, form <b>{html.escape(self.form_text)}</b>, "
                    f"{self.steps // STEPS_PER_BAR} bars<br>tracks: {tracks}<br>chords: <code>{chords}</code>")
        else:
            notes = " ".join(f"{p}[{s},{e})" for p, s, e in self.notes.tolist())
            body = f"{len(self.notes)} notes: <code>{html.escape(notes)}</code>"
        return (f"<div><b>{html.escape(self.colour)}</b> — {body}<br>palette: {swatches}<br>"
                f"<img src='data:image/png;base64,{png}' alt='piano roll'><br>"
                f"<audio controls src='data:audio/wav;base64,{audio}'></audio></div>")
