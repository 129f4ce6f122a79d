"""Memory does not grow over 1,000 calls of the module's functions (after a warm-up)."""

import numpy as np

import vec2midi
from conftest import EXAMPLES


def resident_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_memory_does_not_grow_over_1000_calls():
    vae = vec2midi.load_model()
    picture = np.random.default_rng(5).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    z = np.zeros((4, vae.z_size), dtype=np.float32)

    def calls(n):
        for i in range(n):
            # One palette region: the same code as four (saliency, clusters, a masked crop embedded), a quarter of the time.
            piece = vec2midi.compose(picture, seed=i, temperature=0.5, palette_size=1)
            vae.decode(z, temperature=1.0, seed=i)
            vec2midi.melody_distance(piece.notes, piece.notes)
            try:
                vec2midi.compose(np.zeros((3, 3), dtype=np.float32))
            except vec2midi.InputError:
                pass
        vec2midi.embed(EXAMPLES[0])

    calls(200)
    before = resident_kib()
    calls(1000)
    growth = resident_kib() - before
    assert growth < 4096, f"resident memory grew by {growth} KiB over 1,000 calls"
