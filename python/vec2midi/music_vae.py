"""MusicVAE: a model file's batched decoder (the same as `vec2midi decode`) and, when it has one, its encoder."""

import json
import os

import numpy as np

from . import _engine
from .notes import note_array


def _seed(seed, temperature):
    # None: greedy decoding needs none; sampling draws a fresh one, as numpy's generators do.
    if seed is not None:
        return int(seed)
    return int.from_bytes(os.urandom(8), "little") if temperature > 0 else 0


class MusicVAE:
    """A loaded MusicVAE. Build one with vec2midi.load_model()."""

    def __init__(self, engine):
        self._engine = engine

    @property
    def z_size(self):
        """Z, the latent size."""
        return self._engine.z_size

    @property
    def has_encoder(self):
        return self._engine.has_encoder

    @property
    def path(self):
        return self._engine.path

    @property
    def sliders(self):
        """The model's named latent dims (MODEL.sliders.json beside its file; [] without one): a list of {"dim",
        "name", "feature", "effect", "importance", "min", "max"}, as vec2midi.sliders(path)."""
        return json.loads(_engine.latent_sliders(self.path))["sliders"]

    def __repr__(self):
        return f"MusicVAE({self.path!r}, z_size={self.z_size}, encoder={self.has_encoder}, " \
               f"precision={self._engine.precision!r})"

    def decode_events(self, z, steps=32, temperature=0.0, seed=None):
        """z (B, Z) float → events (B, steps) uint8 (0 hold, 1 note off, 2.. note-on of pitch 21..108).
        Melody i samples with its own generator from (seed, i): it does not depend on the batch."""
        return self._engine.decode_events(np.asarray(z, dtype=np.float32), int(steps), float(temperature),
                                          _seed(seed, temperature))

    def decode(self, z, steps=32, temperature=0.0, seed=None):
        """z (B, Z) (or (Z,)) → a list of B note arrays. temperature 0 is greedy (argmax), as magenta.js."""
        return _engine.events_to_notes(self.decode_events(z, steps, temperature, seed))

    def encode(self, melodies, steps=32):
        """Melodies (note arrays, or sequences of (pitch, start, end)) → μ, the posterior mean, (B, Z) float32.
        Notes reaching past `steps` are cut there, as Magenta's converter does."""
        if isinstance(melodies, np.ndarray) and melodies.dtype == _engine.note_dtype:
            melodies = [melodies]
        return self._engine.encode([note_array(m) for m in melodies], int(steps))

    def interpolate(self, a, b, n, steps=32, temperature=0.0, seed=None):
        """n melodies on the great circle (slerp, as Magenta's MusicVAE.interpolate) from a to b, each a melody
        (encoded first, so the model needs an encoder) or a latent vector of Z floats."""
        if int(n) < 2:
            raise _engine.InputError(f"an interpolation needs n >= 2, got {n}")
        za, zb = (self._latent(x, steps) for x in (a, b))
        return self.decode(_engine.slerp(za, zb, int(n)), steps, temperature, seed)

    def _latent(self, x, steps):
        array = np.asarray(x)
        if array.dtype.kind == "f" and array.ndim == 1:
            if array.shape[0] != self.z_size:
                raise _engine.InputError(f"a latent vector must have {self.z_size} values, got {array.shape[0]}")
            return array.astype(np.float32)
        return self.encode([x], steps)[0]
