// Video on the page: a video dropped on the video box (or the picture box) or chosen as a file is uploaded to POST
// /api/video with the page's settings (each phrase 1 or 2 bars: a longer length asks for 2). The upload's progress
// shows in a bar; then the scored video plays with its soundtrack, a strip shows the colour of each phrase, and the
// MP4, MIDI and WAV download.

import { dropZone } from './drop.js';
import { appendPhraseSettings } from './phrase_form.js';

const $ = (id) => document.getElementById(id);

/// `fields()` gives the page's controls as form fields, `nudges()` its slider offsets; `setStatus(text, isError)`.
export function setupVideo({ fields, nudges, setStatus }) {
  const start = (file) => scoreVideo(file, { fields: fields(), nudges: nudges() }, setStatus);
  $('video-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    event.target.value = '';  // the same file may be chosen again
    if (file) start(file);
  });
  dropZone($('video-drop'), (file) => { if (file) start(file); });
  return start;
}

function scoreVideo(file, { fields, nudges }, setStatus) {
  const form = new FormData();
  appendPhraseSettings(form, fields, nudges, { video: undefined });
  form.append('video', file, file.name);
  const progress = $('video-progress');
  progress.hidden = false;
  progress.value = 0;
  const request = new XMLHttpRequest();
  request.open('POST', '/api/video');
  request.responseType = 'json';
  request.upload.addEventListener('progress', (event) => {
    if (!event.lengthComputable) return;
    progress.value = event.loaded / event.total;
    setStatus(`Uploading ${file.name}: ${Math.round((100 * event.loaded) / event.total)} %`);
  });
  request.upload.addEventListener('load', () => {
    progress.removeAttribute('value');  // indeterminate while the server scores it
    setStatus(`Scoring ${file.name}: reading its colours and composing…`);
  });
  request.addEventListener('load', () => {
    progress.hidden = true;
    const answer = request.response || {};
    if (request.status !== 200) return setStatus(`Could not score ${file.name}: ${answer.error || `HTTP ${request.status}`}`, true);
    show(answer);
    setStatus('');
  });
  request.addEventListener('error', () => {
    progress.hidden = true;
    setStatus(`Could not score ${file.name}: the server did not answer.`, true);
  });
  request.send(form);
}

function show(answer) {
  $('video-result').hidden = false;
  const player = $('scored-video');
  player.src = answer.files.mp4;
  const strip = $('video-strip');
  strip.replaceChildren();
  for (const phrase of answer.phrases) {
    const cell = document.createElement('span');
    cell.style.background = phrase.colour_rgb;
    cell.title = `${phrase.start.toFixed(1)} s: ${phrase.colour}${phrase.variation ? ` (variation ${phrase.variation})` : ''}`;
    strip.append(cell);
  }
  const runs = [];
  for (const phrase of answer.phrases) if (runs.at(-1) !== phrase.colour) runs.push(phrase.colour);
  $('video-text').textContent = `${answer.video.seconds.toFixed(1)} s of video, ${answer.frames_analysed} frames read: ` +
    `${answer.phrases.length} phrases of ${answer.phrase_seconds.toFixed(1)} s — ${runs.join(' → ')}`;
  for (const [id, url, ext] of [['video-mp4', answer.files.mp4, 'mp4'], ['video-midi', answer.files.midi, 'mid'],
    ['video-wav', answer.files.wav, 'wav']]) {
    $(id).href = url;
    $(id).setAttribute('download', `${answer.name}.${ext === 'mp4' ? 'scored.mp4' : ext}`);
  }
}
