"""A picture to a MIDI file from Python — the README's notebook example.
Usage: python3 examples/compose_in_python.py [PICTURE] [OUT_DIR]   (after ./setup.sh)"""
import sys

import vec2midi

picture = sys.argv[1] if len(sys.argv) > 1 else "examples/red_car.jpg"
piece = vec2midi.compose(picture, bars=2)                  # colour → transition → MusicVAE → melody
print(piece.colour, piece.notes.tolist())                  # e.g. red [(67, 0, 2), ...] (pitch, start, end)
files = piece.save(sys.argv[2] if len(sys.argv) > 2 else ".", force=True)  # NAME.mid, NAME.wav, NAME.png
print("wrote", files["midi"], files["wav"], files["png"])
