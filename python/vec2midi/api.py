"""The module's functions: compose, embed, load_model, melody_distance, sliders and Transition. Loaded models are kept (per
set of paths) so that calling compose or embed in a loop loads each file once."""

import collections.abc
import functools
import json
import os

import numpy as np

from . import _engine
from .composition import Composition
from .music_vae import MusicVAE
from .notes import note_array

DEFAULT_VAE = "default_vae.safetensors"
DEFAULT_EMBEDDER = "embedder.safetensors"
DEFAULT_TRANSITION = "transition_default.safetensors"


def _path(path):
    return "" if path is None else os.fspath(path)


def default_model(name):
    """Where the shipped model `name` is found ($VEC2MIDI_MODELS, then the project's models/ folder)."""
    return _engine.default_model_path(name)


@functools.lru_cache(maxsize=8)
def _composer(vae, embedder, transition):
    return _engine.Composer(vae, embedder, transition)


@functools.lru_cache(maxsize=8)
def _embedder(path):
    return _engine.Embedder(path or default_model(DEFAULT_EMBEDDER))


def _nudge_texts(nudges):
    # {dim: value}, ("DIM=V", ...), ((dim, value), ...) or one "DIM=V" → ["DIM=V", ...] for the engine's parser,
    # which checks them as `--nudge` does (a float's repr reads back as the same double).
    if nudges is None:
        return []
    if isinstance(nudges, str):
        nudges = [nudges]
    elif isinstance(nudges, collections.abc.Mapping):
        nudges = list(nudges.items())
    elif not isinstance(nudges, collections.abc.Iterable):
        raise _engine.InputError(f"nudges must be a dict {{dim: value}} or a list of 'DIM=VALUE', got {nudges!r}")
    texts = []
    for nudge in nudges:
        if isinstance(nudge, str):
            texts.append(nudge)
            continue
        try:
            dim, value = nudge
            texts.append(f"{dim}={value if isinstance(value, str) else repr(float(value))}")
        except (TypeError, ValueError):
            raise _engine.InputError(f"nudge {nudge!r}: expected DIM=VALUE or (dim, value)") from None
    return texts


def compose(image, *, bars=1, temperature=0.0, seed=0, continuous=False, key=None, accompaniment="none",
            nudges=None, program=0, palette_size=4, vae=None, embedder=None, transition=None):
    """A picture → its melody or piece, as `vec2midi compose` makes it (same models, options, notes and files).

    image: a path, or an H×W×3 uint8 array in RGB order.
    bars: 1 or 2 decode one phrase (16 or 32 steps); 4, 8, 16 or 32 build a piece of 2-bar phrases in a form
      (the motif from the picture's colour, its variations, episodes from the palette's other colours).
    temperature: 0 decodes greedily; above 0 samples with `seed` (which also seeds a piece's variations).
    continuous: decode from the picture's own embedding rather than its colour's centre.
    key: the piece's key ("C", "F#m", "Bb major", "A minor" …); None: the motif's own key.
    accompaniment: "none", "chords" (chords and bass) or "full" (chords, bass and drums).
      A key or an accompaniment makes a piece even at 1 or 2 bars.
    nudges: values added to latent dims before decoding, {dim: value} or ["DIM=VALUE", …], each within ±3
      (the named dims are vec2midi.sliders()).
    program: General MIDI program of the melody (0 piano, 73 flute, 40 violin), the default of every output.
    palette_size: salient colour regions looked at (1..8).
    vae / embedder / transition: model files (default: the shipped ones).
    Bad options raise vec2midi.InputError with the CLI's message."""
    composer = _composer(_path(vae), _path(embedder), _path(transition))
    return Composition(composer.compose(image, int(bars), float(temperature), int(seed), bool(continuous),
                                        None if key is None else str(key), str(accompaniment), int(program),
                                        _nudge_texts(nudges), int(palette_size)))


def sliders(model=None):
    """The named latent dims of a MusicVAE file (default: the shipped one), read from MODEL.sliders.json beside it
    (`vec2midi latent-study` writes it; none without one): a list of {"dim", "name", "feature", "effect",
    "importance", "min", "max"}, the values compose(nudges=…) moves."""
    return json.loads(_engine.latent_sliders(_path(model) or default_model(DEFAULT_VAE)))["sliders"]


def embed(images, embedder=None):
    """Pictures (paths or H×W×3 uint8 RGB arrays; one picture or a list) → (embeddings (N, E) float32, the
    nearest colour of each as a list of names)."""
    if isinstance(images, (str, os.PathLike)) or (isinstance(images, np.ndarray) and images.ndim == 3):
        images = [images]
    return _embedder(_path(embedder)).embed(list(images))


def load_model(path=None, encoder=None, precision="f32"):
    """A MusicVAE model file (default: the shipped one) → MusicVAE. encoder: an encoder file for a decoder-only
    model (vec2midi fit-encoder). precision: "f32" (exact) or "bf16" (faster GEMMs on CPUs with AVX512_BF16)."""
    return MusicVAE(_engine.MusicVae(_path(path) or default_model(DEFAULT_VAE), _path(encoder), precision))


def melody_distance(a, b, positive=True, penalty=True):
    """The original bayesVec2Midi distance between two melodies (MISSION.md §4). positive: b is the positive of
    a triplet (an empty melody then gives +100, else -100); penalty: add the ±5 line-length penalty."""
    return _engine.melody_distance(note_array(a), note_array(b), bool(positive), bool(penalty))


class Transition:
    """A searched transition: embeddings → MusicVAE latent vectors, z = 2·tanh(M(a)·e)."""

    def __init__(self, engine):
        self._engine = engine

    @classmethod
    def load(cls, path=None):
        """A transition file (default: the shipped transition_default.safetensors)."""
        return cls(_engine.Transition(_path(path) or default_model(DEFAULT_TRANSITION)))

    @property
    def embedding_size(self):
        return self._engine.embedding_size

    @property
    def latent_size(self):
        return self._engine.latent_size

    def latent(self, e):
        """e (E,) or (N, E) → z (Z,) or (N, Z) float32."""
        return self._engine.latent(np.asarray(e, dtype=np.float32))

    def __repr__(self):
        return f"Transition({self._engine.path!r}, {self.embedding_size} → {self.latent_size})"
