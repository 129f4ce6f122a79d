"""vec2midi.embed, Transition and melody_distance against the pipeline and the CLI."""

import json

import numpy as np
import pytest

import vec2midi
from conftest import EXAMPLES, run_cli


def test_embed_names_the_colours_compose_finds():
    embeddings, colours = vec2midi.embed(EXAMPLES)
    assert embeddings.shape == (len(EXAMPLES), 9) and embeddings.dtype == np.float32
    for image, e, colour in zip(EXAMPLES, embeddings, colours):
        piece = vec2midi.compose(image)
        assert colour == piece.colour
        assert np.array_equal(e, piece.embedding)
    one, (colour,) = vec2midi.embed(EXAMPLES[0])
    assert one.shape == (1, 9) and colour == colours[0]


def test_the_transition_maps_an_embedding_to_the_latent_compose_decodes():
    transition = vec2midi.Transition.load()
    piece = vec2midi.compose(EXAMPLES[1], continuous=True)
    assert np.array_equal(transition.latent(piece.embedding), piece.z)
    both = transition.latent(np.stack([piece.embedding, piece.embedding]))
    assert both.shape == (2, transition.latent_size) and np.array_equal(both[1], piece.z)
    with pytest.raises(vec2midi.InputError, match=r"shape \(n, 9\)"):
        transition.latent(np.zeros(4))


def test_melody_distance_equals_the_cli(tmp_path):
    a, b = (vec2midi.compose(image) for image in EXAMPLES[:2])
    for piece, name in ((a, "a.mid"), (b, "b.mid")):
        (tmp_path / name).write_bytes(piece.midi_bytes())
    cli = json.loads(run_cli("melody-distance", tmp_path / "a.mid", tmp_path / "b.mid", "--json"))
    assert vec2midi.melody_distance(a.notes, b.notes) == pytest.approx(cli["positive"], rel=1e-12)
    assert vec2midi.melody_distance(a.notes, b.notes, positive=False) == pytest.approx(cli["negative"], rel=1e-12)
    assert vec2midi.melody_distance(a.notes, b.notes, penalty=False) == pytest.approx(cli["no_penalty"], rel=1e-12)
    assert vec2midi.melody_distance([(60, 0, 4), (62, 4, 8)], [(60, 0, 4), (62, 4, 8)], penalty=False) == 0.0
    with pytest.raises(vec2midi.InputError, match="pitch, start, end"):
        vec2midi.melody_distance([(60, 0)], [(60, 0, 4)])
