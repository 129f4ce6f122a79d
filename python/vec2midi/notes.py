"""Melodies as numpy structured arrays of notes — fields pitch, start, end (16th-note steps) — and what can be
made of one: MIDI bytes, audio samples, WAV bytes, a mido.MidiFile."""

import io
import wave

import numpy as np

from . import _engine

DEFAULT_TEMPO = 120.0  # quarter notes per minute (Magenta's default, the CLI's --tempo default)


def note_array(notes):
    """The notes as an array of dtype vec2midi.note_dtype, unchecked (the engine checks them where it uses them).
    Takes a note array, or any sequence of (pitch, start, end) rows."""
    if isinstance(notes, np.ndarray) and notes.dtype == _engine.note_dtype:
        return notes
    rows = [tuple(int(v) for v in row) for row in notes]
    if any(len(row) != 3 for row in rows):
        raise _engine.InputError("notes must be rows of (pitch, start, end)")
    return np.array(rows, dtype=_engine.note_dtype)


def as_notes(notes, steps=0):
    """The notes as a checked note array (dtype vec2midi.note_dtype). Takes a note array, or any sequence of
    (pitch, start, end) rows. steps > 0 also checks that every note ends within that many steps."""
    return _engine.check_notes(note_array(notes), int(steps))


def midi_bytes(notes, steps=0, tempo=DEFAULT_TEMPO, program=0):
    """The melody as a Standard MIDI File (bytes), as `vec2midi compose` writes it; steps 0: up to the last note's
    end. program: General MIDI 0..127."""
    return _engine.midi_bytes(note_array(notes), int(steps), float(tempo), int(program))


def wav(notes, steps=0, tempo=DEFAULT_TEMPO, program=0, rate=44100):
    """(samples, rate): the melody played by FluidSynth with the General MIDI SoundFont, float32 [n, 2] in -1..1."""
    return _engine.audio(note_array(notes), int(steps), float(tempo), int(program), int(rate))


def wav_bytes(samples, rate):
    """A 16-bit PCM WAV file of float samples [n, 2] (for an audio player)."""
    pcm = (np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(pcm.shape[1] if pcm.ndim == 2 else 1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def to_mido(notes, tempo=DEFAULT_TEMPO, program=0, ticks_per_beat=480):
    """The melody as a mido.MidiFile (one track: tempo, program, notes); needs mido (Debian python3-mido)."""
    try:
        import mido
    except ImportError as e:
        raise ImportError("to_mido needs mido: apt-get install python3-mido") from e
    notes = as_notes(notes)
    ticks_per_step = ticks_per_beat // 4
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo), time=0))
    track.append(mido.Message("program_change", program=int(program), time=0))
    now = 0
    for pitch, start, end in notes.tolist():
        track.append(mido.Message("note_on", note=pitch, velocity=100, time=start * ticks_per_step - now))
        track.append(mido.Message("note_off", note=pitch, velocity=0, time=(end - start) * ticks_per_step))
        now = end * ticks_per_step
    midi = mido.MidiFile(ticks_per_beat=ticks_per_beat)
    midi.tracks.append(track)
    return midi
