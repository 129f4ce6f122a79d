"""vec2midi.load_model: decode (against magenta.js's golden melodies), encode, interpolate, and bad input."""

import numpy as np
import pytest

import vec2midi


def test_decode_of_the_64_golden_latents_equals_magenta_js(mel_2bar_small, golden):
    vae = vec2midi.load_model(mel_2bar_small)
    items = golden["items"]
    z = np.array([item["z"] for item in items], dtype=np.float32)
    melodies = vae.decode(z, steps=32)
    assert len(melodies) == 64
    same = sum(m.tolist() == [(n["pitch"], n["start"], n["end"]) for n in item["notes"]]
               for m, item in zip(melodies, items))
    assert same == 64


def test_a_melody_does_not_depend_on_its_batch():
    vae = vec2midi.load_model()
    z = np.random.default_rng(1).standard_normal((6, vae.z_size)).astype(np.float32)
    batch = vae.decode_events(z, temperature=1.0, seed=7)
    assert batch.shape == (6, 32) and batch.dtype == np.uint8
    assert np.array_equal(vae.decode_events(z, temperature=1.0, seed=7), batch)
    assert np.array_equal(vae.decode_events(z[:1], temperature=1.0, seed=7)[0], batch[0])
    assert not np.array_equal(vae.decode_events(z, temperature=1.0, seed=8), batch)
    greedy = vae.decode(z[0])  # one vector is a batch of one
    assert len(greedy) == 1 and greedy[0].dtype == vec2midi.note_dtype


def test_encode_gives_latents_the_decoder_reads_back():
    # The shipped VAE decodes the encoder's μ of its own greedy melodies back to about 81 % of their events (measured:
    # 0.809 on these 256); another melody's μ gives about 30 %, z = 0 about 37 %. A broken encoder (wrong gate order,
    # direction or final state) falls to those levels.
    vae = vec2midi.load_model()
    z = np.random.default_rng(2).standard_normal((256, vae.z_size)).astype(np.float32)
    events = vae.decode_events(z)
    mu = vae.encode(vae.decode(z))
    assert mu.shape == (256, vae.z_size) and mu.dtype == np.float32
    accuracy = (vae.decode_events(mu) == events).mean()
    shuffled = (vae.decode_events(np.roll(mu, 1, axis=0)) == events).mean()
    assert accuracy >= 0.7 and accuracy - shuffled >= 0.3, (accuracy, shuffled)
    # A smaller batch gives the same μ to rounding: on AVX2-only CPUs oneDNN's GEMM blocks by the row count, so the
    # last bits may differ (measured: 8.6e-7 on an AMD EPYC without AVX-512; identical on AVX-512 machines).
    assert np.allclose(vae.encode(vae.decode(z[:3])), mu[:3], rtol=0, atol=1e-5)


def test_interpolate_walks_from_a_to_b():
    vae = vec2midi.load_model()
    rng = np.random.default_rng(3)
    za, zb = (rng.standard_normal(vae.z_size).astype(np.float32) for _ in range(2))
    path = vae.interpolate(za, zb, 5)
    assert len(path) == 5
    assert path[0].tolist() == vae.decode(za)[0].tolist()
    assert path[-1].tolist() == vae.decode(zb)[0].tolist()
    a, b = vae.decode(np.stack([za, zb]))
    from_melodies = vae.interpolate(a, b, 3)  # melodies are encoded first
    assert len(from_melodies) == 3


def test_bad_input_raises_clear_errors(mel_2bar_small):
    vae = vec2midi.load_model()
    with pytest.raises(vec2midi.InputError, match=r"z must have shape \(n, 128\)"):
        vae.decode(np.zeros((2, 7), dtype=np.float32))
    with pytest.raises(vec2midi.InputError, match="NaN"):
        vae.decode(np.full((1, 128), np.nan, dtype=np.float32))
    with pytest.raises(vec2midi.InputError, match="steps must be in 1..32"):
        vae.decode(np.zeros(128, dtype=np.float32), steps=33)
    with pytest.raises(vec2midi.InputError, match="temperature"):
        vae.decode(np.zeros(128, dtype=np.float32), temperature=-1)
    with pytest.raises((vec2midi.InputError, ValueError, TypeError)):
        vae.decode(np.array([["a"] * 128]))
    with pytest.raises(vec2midi.InputError, match="monophonic"):
        vae.encode([[(60, 0, 8), (62, 4, 12)]])
    with pytest.raises(vec2midi.InputError, match="pitch must be 0..127"):
        vae.encode([[(200, 0, 8)]])
    with pytest.raises(vec2midi.InputError, match="decoder-only"):
        vec2midi.load_model(mel_2bar_small).encode([[(60, 0, 8)]])
    with pytest.raises(vec2midi.InputError, match="no_such_model"):
        vec2midi.load_model("no_such_model.safetensors")
    with pytest.raises(vec2midi.InputError, match="bf16"):
        vec2midi.load_model(precision="f64")
    assert isinstance(vec2midi.InputError("x"), ValueError)
