// The piano roll of a composition, drawn on a <canvas> from the answer of POST /api/compose, and a playhead that
// follows an <audio> element playing the composition's WAV.
//   const player = attachPlayer(canvas, audio, answer);   // draws now, redraws while the audio plays
//   player.detach();                                       // before the canvas shows another composition

const STEPS_PER_QUARTER = 4;  // the API's notes are in 16th-note steps
export const STEPS_PER_BAR = 16;
const FORM_STRIP_PX = 18;     // section labels above the roll
const BACKGROUND = '#11141b';
const BAR_LINE = '#262a35';
const SECTION_LINE = '#465069';
// Accompaniment tracks by name, then by order; the melody takes the picture's colour.
const TRACK_COLOURS = { chords: '#8d83d6', bass: '#3fae9b', drums: '#8a92a6' };
const SPARE_COLOURS = ['#d6a35a', '#5a9bd6', '#c46fa8'];

/// The composition's tracks: `tracks` for a piece, else its melody alone.
export function tracksOf(answer) {
  if (answer.tracks && answer.tracks.length) return answer.tracks;
  return [{ name: 'melody', drum: false, notes: answer.notes }];
}

function trackColour(track, index, answer) {
  if (track.name === 'melody') return answer.colour_rgb;
  return TRACK_COLOURS[track.name] || SPARE_COLOURS[index % SPARE_COLOURS.length];
}

/// Where things go on a canvas of css size width × height (pixels).
function layout(answer, width, height) {
  const tracks = tracksOf(answer);
  const pitched = tracks.filter((t) => !t.drum).flatMap((t) => t.notes.map((n) => n.pitch));
  const drumPitches = [...new Set(tracks.filter((t) => t.drum).flatMap((t) => t.notes.map((n) => n.pitch)))].sort((a, b) => a - b);
  const top = answer.form && height >= 120 ? FORM_STRIP_PX : 0;
  const drumHeight = drumPitches.length ? Math.max(12, Math.round(height * 0.14)) : 0;
  const bottom = height - drumHeight;
  const low = (pitched.length ? Math.min(...pitched) : 60) - 1;
  const high = (pitched.length ? Math.max(...pitched) : 72) + 1;
  const steps = Math.max(answer.steps, 1);
  return {
    tracks, top, bottom, height, drumPitches,
    x: (step) => (step / steps) * width,
    rowHeight: (bottom - top) / (high - low + 1),
    y: (pitch) => bottom - (pitch - low + 1) * ((bottom - top) / (high - low + 1)),
    drumRow: (pitch) => bottom + (drumPitches.indexOf(pitch) * drumHeight) / drumPitches.length,
    drumRowHeight: drumHeight / Math.max(drumPitches.length, 1),
  };
}

function drawGrid(ctx, answer, at) {
  const sectionStarts = new Set((answer.form || []).map((s) => s.start));
  for (let step = 0; step <= answer.steps; step += STEPS_PER_BAR) {
    ctx.fillStyle = sectionStarts.has(step) ? SECTION_LINE : BAR_LINE;
    ctx.fillRect(Math.round(at.x(step)), at.top, 1, at.height - at.top);
  }
  if (at.drumPitches.length) {
    ctx.fillStyle = BAR_LINE;
    ctx.fillRect(0, at.bottom, at.x(answer.steps), 1);
  }
  if (!at.top) return;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const section of answer.form) {
    ctx.fillStyle = section.colour;  // a colour name the page knows: red, grey, …
    ctx.fillRect(at.x(section.start) + 1, at.top - 4, at.x(section.end) - at.x(section.start) - 2, 3);
    ctx.fillStyle = '#c9cedb';
    ctx.fillText(section.label, at.x(section.start) + 5, (at.top - 4) / 2);
  }
}

function drawNotes(ctx, answer, at, step) {
  // Accompaniment first, so that the melody lies on top.
  const order = at.tracks.map((track, index) => ({ track, index })).sort((a, b) =>
    (a.track.name === 'melody') - (b.track.name === 'melody'));
  for (const { track, index } of order) {
    const colour = trackColour(track, index, answer);
    const isMelody = track.name === 'melody';
    for (const note of track.notes) {
      const x = at.x(note.start);
      const width = Math.max(at.x(note.end) - x - 1, 1);
      const y = track.drum ? at.drumRow(note.pitch) : at.y(note.pitch);
      const height = Math.max((track.drum ? at.drumRowHeight : at.rowHeight) - 1, 1);
      ctx.globalAlpha = isMelody ? 1 : 0.7;
      ctx.fillStyle = colour;
      ctx.fillRect(x, y, width, height);
      ctx.globalAlpha = 1;
      if (note.start <= step && step < note.end) {
        ctx.fillStyle = 'rgba(255, 255, 255, 0.65)';  // sounding now
        ctx.fillRect(x, y, width, height);
      } else if (isMelody) {
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.35)';  // keeps a dark melody visible
        ctx.strokeRect(x + 0.5, y + 0.5, width - 1, height - 1);
      }
    }
  }
}

/// Draws the whole roll, with the playhead at `step` (16th notes from the start; none if negative).
export function drawRoll(canvas, answer, step = -1) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (!width || !height) return;
  const scale = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * scale)) canvas.width = Math.round(width * scale);
  if (canvas.height !== Math.round(height * scale)) canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const at = layout(answer, width, height);
  drawGrid(ctx, answer, at);
  drawNotes(ctx, answer, at, step);
  if (step >= 0) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(Math.round(at.x(step)) - 1, 0, 2, height);
  }
  // What the tests (and anyone curious) read: the playhead in steps and in css pixels.
  canvas.dataset.step = Math.max(step, 0).toFixed(2);
  canvas.dataset.playheadX = Math.max(at.x(step), 0).toFixed(1);
  canvas.dataset.tracks = String(at.tracks.length);
}

/// Draws `answer` on `canvas` and keeps the playhead on `audio.currentTime`; a click on the roll plays from there.
/// With `audio.loop` set, playing wraps at the end of the piece rather than at the end of the WAV's last note's tail.
export function attachPlayer(canvas, audio, answer) {
  const secondsPerStep = 60 / (answer.tempo * STEPS_PER_QUARTER);
  const listening = new AbortController();
  const options = { signal: listening.signal };
  let frame = 0;
  const draw = () => drawRoll(canvas, answer, audio.currentTime / secondsPerStep);
  const follow = () => {
    if (audio.loop && audio.currentTime >= answer.steps * secondsPerStep) audio.currentTime = 0;
    draw();
    frame = audio.paused ? 0 : requestAnimationFrame(follow);
  };
  audio.addEventListener('play', () => { if (!frame) follow(); }, options);
  for (const type of ['pause', 'seeked', 'loadedmetadata', 'ended']) audio.addEventListener(type, draw, options);
  canvas.addEventListener('click', (event) => {
    const box = canvas.getBoundingClientRect();
    audio.currentTime = ((event.clientX - box.left) / box.width) * answer.steps * secondsPerStep;
    audio.play();
  }, options);
  const resized = new ResizeObserver(draw);
  resized.observe(canvas);
  draw();
  return {
    detach() {
      listening.abort();
      resized.disconnect();
      cancelAnimationFrame(frame);
    },
  };
}
