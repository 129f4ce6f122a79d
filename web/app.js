// vec2midi web page: sends a picture (or a bundled example's name) and the controls to POST /api/compose and plays
// the answer: the colour found, the piano roll with a playhead, key, form and chords, the latent sliders, variations
// and the downloads. The controls live in the URL's query string, so a result can be shared and composed again.
import { attachPlayer, STEPS_PER_BAR } from './roll.js';
import { showDistances } from './distances.js';
import { dropZone } from './drop.js';
import { offerMorphExamples, setupMorph } from './morph.js';
import { setupVideo } from './video.js';
import { nudgesText } from './phrase_form.js';

const $ = (id) => document.getElementById(id);
const NOTE_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];
// Each control's element id is also its API field and its URL parameter.
const CONTROLS = ['bars', 'key', 'tempo', 'program', 'accompaniment', 'temperature', 'seed', 'continuous', 'video'];
const MAJOR_KEYS = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];  // as the server names them
const MINOR_KEYS = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'G#', 'A', 'Bb', 'B'];
const MAX_RETRIES = 5;          // answers 503 (busy) before giving up
const TYPING_DELAY_MS = 400;    // a tempo or seed being typed
const CHOICE_DELAY_MS = 100;    // a select or checkbox
const SLIDER_DELAY_MS = 50;     // a latent slider being moved (the server answers one request at a time anyway)
const N_VARIATIONS = 3;
const VARIATION_TEMPERATURE = 0.5;  // used when the temperature is 0: greedy decoding ignores the seed

let picture = null;        // {example, url} for a bundled example, {file, url} for an upload
let nudges = {};           // latent dim → offset, from the sliders
let player = null;         // the main roll's player (roll.js)
let variationPlayers = [];
// Main compositions: one request at a time; settings changed meanwhile wait in `pending`, the newest winning.
let timer = 0;
let pending = null;
let running = false;

const prettyName = (name) => name.replace('#', '♯').replace(/^([A-G])b/, '$1♭');  // keys and chords: F#m → F♯m
const pitchName = (pitch) => NOTE_NAMES[pitch % 12] + (Math.floor(pitch / 12) - 1);

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function controlValue(id) {
  const element = $(id);
  return element.type === 'checkbox' ? String(element.checked) : element.value;
}

function setControl(id, value) {
  const element = $(id);
  if (element.type === 'checkbox') {
    element.checked = value === 'true';
    return;
  }
  const before = element.value;
  element.value = value;
  if (element.value === '') element.value = before;  // not one of a select's options
}


function parseNudges(text) {
  const offsets = {};
  for (const pair of text.split(',')) {
    const [dim, value] = pair.split('=');
    if (dim && value && Number.isFinite(Number(value))) offsets[dim] = Number(value);
  }
  return offsets;
}

/// Everything one composition needs: {picture, fields (the controls), nudges}.
function settings() {
  return { picture, fields: Object.fromEntries(CONTROLS.map((id) => [id, controlValue(id)])), nudges: { ...nudges } };
}

function writeUrl(chosen) {
  const params = new URLSearchParams({ picture: chosen.picture.example || 'upload', ...chosen.fields });
  if (Object.keys(chosen.nudges).length) params.set('nudges', nudgesText(chosen.nudges));
  history.replaceState(null, '', `?${params}`);
}

function readUrl(examples) {
  const params = new URLSearchParams(location.search);
  for (const id of CONTROLS) if (params.has(id)) setControl(id, params.get(id));
  nudges = parseNudges(params.get('nudges') || '');
  showTemperature();
  const name = params.get('picture');
  const example = examples.find((e) => e.name === name);
  if (example) choose({ example: example.name, url: example.url });
  else if (name === 'upload') setStatus('This link was made from an uploaded picture: drop it again to hear it with these settings.');
  else if (name) setStatus(`No bundled example called ${name}.`, true);
}

/// POSTs one composition; resolves with the answer or throws the server's one-line error.
async function post(chosen) {
  for (let attempt = 0; ; ++attempt) {
    const form = new FormData();
    for (const [name, value] of Object.entries(chosen.fields)) form.append(name, value);
    if (Object.keys(chosen.nudges).length) form.append('nudges', nudgesText(chosen.nudges));
    if (chosen.picture.file) form.append('image', chosen.picture.file, chosen.picture.file.name);
    else form.append('example', chosen.picture.example);
    const response = await fetch('/api/compose', { method: 'POST', body: form });
    if (response.status === 503 && attempt < MAX_RETRIES) {
      const wait = Number(response.headers.get('Retry-After') || '2');
      setStatus(`The server is busy; trying again in ${wait} s…`);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    return answer;
  }
}

/// Composes the current picture with the current settings after `delay` ms; a newer call replaces a waiting one.
/// body[data-busy] is set from now until the page shows the newest answer.
function recompose(delay = 0) {
  if (!picture) return;
  clearTimeout(timer);
  document.body.dataset.busy = 'true';
  timer = setTimeout(() => {
    timer = 0;
    pending = settings();
    writeUrl(pending);
    drain();
  }, delay);
}

async function drain() {
  if (running) return;
  running = true;
  $('again').disabled = true;
  while (pending) {
    const chosen = pending;
    pending = null;
    setStatus('Listening to the picture…');
    try {
      show(await post(chosen), chosen);
      setStatus('');
    } catch (error) {
      setStatus(`Could not compose: ${error.message}`, true);
    }
  }
  running = false;
  $('again').disabled = false;
  if (!timer) delete document.body.dataset.busy;
}

function choose(chosen) {
  picture = chosen;
  for (const p of variationPlayers) p.detach();
  variationPlayers = [];
  $('variation-list').replaceChildren();
  recompose();
}

function show(answer, chosen) {
  const result = $('result');
  result.style.setProperty('--found', answer.colour_rgb);
  $('colour-name').textContent = answer.colour;
  const bars = answer.steps / STEPS_PER_BAR;
  const how = answer.continuous ? 'from the picture’s own shade' : 'from the centre of its colour';
  $('colour-detail').textContent = `${answer.notes.length} melody notes in ${bars} bar${bars > 1 ? 's' : ''}, ${how}`;
  $('picture').src = chosen.picture.url;
  $('empty').hidden = true;
  result.hidden = false;
  showPlayer(answer);
  showPiece(answer);
  showDownloads(answer);
  showSliders(answer.sliders || []);
  $('notes').textContent = answer.notes.length
    ? answer.notes.map((n) => `${pitchName(n.pitch)}·${n.end - n.start}`).join('  ')
    : 'No notes: this melody is silence.';
  showDistances(answer);
}

function showPlayer(answer) {
  const audio = $('audio');
  const resumeAt = audio.paused ? null : audio.currentTime;  // a recomposition while playing keeps playing
  if (player) player.detach();
  audio.src = answer.files.wav;
  player = attachPlayer($('roll'), audio, answer);
  if (resumeAt !== null) {
    audio.addEventListener('loadedmetadata', () => {
      audio.currentTime = Math.min(resumeAt, audio.duration);
      audio.play();
    }, { once: true });
  }
}

/// Key, tempo, form and a chord chart with one cell per bar: | C | Am F | …
function showPiece(answer) {
  $('key-shown').textContent = answer.key ? prettyName(answer.key) : 'the motif’s own';
  $('tempo-shown').textContent = `${answer.tempo} bpm`;
  $('form-text').textContent = answer.form_text || 'one motif';
  const chords = answer.chords || [];
  const cells = Array.from({ length: answer.steps / STEPS_PER_BAR }, (_, bar) => chords
    .filter((c) => c.start < (bar + 1) * STEPS_PER_BAR && c.end > bar * STEPS_PER_BAR)
    .map((c) => prettyName(c.name)).join(' '));
  $('chords').textContent = chords.length ? `Chords: | ${cells.join(' | ')} |` : '';
}

function setLink(id, url, filename) {
  $(id).href = url;
  $(id).setAttribute('download', filename);
}

function showDownloads(answer) {
  setLink('midi-link', answer.files.midi, `${answer.name}.mid`);
  setLink('wav-link', answer.files.wav, `${answer.name}.wav`);
  const hasVideo = Boolean(answer.files.mp4);
  $('video-link').hidden = !hasVideo;
  $('video-player').hidden = !hasVideo;
  if (hasVideo) {
    setLink('video-link', answer.files.mp4, `${answer.name}.mp4`);
    $('video-player').src = answer.files.mp4;
  } else {
    $('video-player').removeAttribute('src');
  }
  if ($('json-link').href.startsWith('blob:')) URL.revokeObjectURL($('json-link').href);
  const json = new Blob([JSON.stringify(answer, null, 2)], { type: 'application/json' });
  setLink('json-link', URL.createObjectURL(json), `${answer.name}.json`);
}

/// One range input per named latent dim; built again only when the model's dims change.
function showSliders(sliders) {
  const list = $('sliders');
  const dims = sliders.map((s) => s.dim).join(',');
  if (list.dataset.dims !== dims) {
    list.dataset.dims = dims;
    list.replaceChildren(...sliders.map(sliderRow));
  }
  syncSliders();
  $('shape').hidden = sliders.length === 0;
}

function sliderRow(slider) {
  const row = document.createElement('label');
  row.className = 'slider';
  row.title = `latent dim ${slider.dim}: ${slider.feature.replace(/_/g, ' ')} changes by ${slider.effect.toFixed(2)} per unit`;
  const name = document.createElement('span');
  name.textContent = slider.name;
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', min: slider.min, max: slider.max, step: 0.1, value: 0 });
  input.dataset.dim = slider.dim;
  const value = document.createElement('output');
  input.addEventListener('input', () => {
    const offset = Number(input.value);
    if (offset === 0) delete nudges[slider.dim];
    else nudges[slider.dim] = offset;
    value.textContent = offset.toFixed(1);
    recompose(SLIDER_DELAY_MS);
  });
  row.append(name, input, value);
  return row;
}

function syncSliders() {
  for (const input of $('sliders').querySelectorAll('input')) {
    const offset = nudges[input.dataset.dim] || 0;
    input.value = offset;
    input.nextElementSibling.textContent = offset.toFixed(1);
  }
}

/// The same picture and settings with the next N_VARIATIONS seeds, side by side.
async function composeVariations() {
  if (!picture) return;
  const base = settings();
  const temperature = Number(base.fields.temperature) || VARIATION_TEMPERATURE;
  for (const p of variationPlayers) p.detach();
  variationPlayers = [];
  const list = $('variation-list');
  list.replaceChildren();
  $('variations').disabled = true;
  try {
    for (let i = 1; i <= N_VARIATIONS; ++i) {
      setStatus(`Composing variation ${i} of ${N_VARIATIONS}…`);
      const fields = { ...base.fields, seed: String(Number(base.fields.seed) + i), temperature: String(temperature), video: 'false' };
      list.append(variationCard(await post({ ...base, fields })));
    }
    setStatus('');
  } catch (error) {
    setStatus(`Could not compose a variation: ${error.message}`, true);
  } finally {
    $('variations').disabled = false;
  }
}

function variationCard(answer) {
  const card = document.createElement('figure');
  card.className = 'variation';
  const canvas = document.createElement('canvas');
  canvas.className = 'mini-roll';
  const audio = document.createElement('audio');
  Object.assign(audio, { controls: true, preload: 'auto', src: answer.files.wav });
  const caption = document.createElement('figcaption');
  caption.textContent = `seed ${answer.seed} · temp. ${answer.temperature}`;
  const use = document.createElement('button');
  Object.assign(use, { type: 'button', className: 'small', textContent: 'Use this' });
  use.addEventListener('click', () => {
    setControl('seed', String(answer.seed));
    setControl('temperature', String(answer.temperature));
    showTemperature();
    recompose();
  });
  caption.append(use);
  card.append(canvas, audio, caption);
  variationPlayers.push(attachPlayer(canvas, audio, answer));
  return card;
}

async function loadExamples() {
  const box = $('examples');
  try {
    const { examples } = await (await fetch('/api/examples')).json();
    for (const example of examples) {
      const button = document.createElement('button');
      Object.assign(button, { type: 'button', className: 'example', title: example.name });
      button.dataset.name = example.name;
      const img = document.createElement('img');
      Object.assign(img, { src: example.url, alt: `Example: ${example.name}` });
      button.append(img);
      button.addEventListener('click', () => choose({ example: example.name, url: example.url }));
      box.append(button);
    }
    if (!examples.length) box.textContent = 'No bundled examples.';
    return examples;
  } catch (error) {
    box.textContent = 'Examples could not be loaded.';
    return [];
  }
}

let scoreVideo = null;  // video.js's upload, for a video dropped on the picture box

function pickFile(file) {
  if (!file) return;
  if (file.type.startsWith('video/') && scoreVideo) {
    scoreVideo(file);
    return;
  }
  if (!file.type.startsWith('image/')) {
    setStatus(`${file.name} is not a picture.`, true);
    return;
  }
  choose({ file, url: URL.createObjectURL(file) });
}

function showTemperature() {
  const t = Number($('temperature').value);
  $('temperature-value').textContent = t === 0 ? '0 (greedy)' : t.toFixed(1);
}

function fillKeys() {
  for (const [mode, tonics] of [['major', MAJOR_KEYS], ['minor', MINOR_KEYS]]) {
    const group = document.createElement('optgroup');
    group.label = mode;
    for (const tonic of tonics) group.append(new Option(prettyName(`${tonic} ${mode}`), `${tonic} ${mode}`));
    $('key').append(group);
  }
}

function wire() {
  $('file').addEventListener('change', (event) => pickFile(event.target.files[0]));
  dropZone($('drop'), pickFile);
  for (const id of CONTROLS) {
    const typed = $(id).type === 'number';
    $(id).addEventListener(typed ? 'input' : 'change', () => recompose(typed ? TYPING_DELAY_MS : CHOICE_DELAY_MS));
  }
  $('temperature').addEventListener('input', showTemperature);
  $('reset-sliders').addEventListener('click', () => {
    nudges = {};
    syncSliders();
    recompose();
  });
  $('loop').addEventListener('change', () => { $('audio').loop = $('loop').checked; });
  $('again').addEventListener('click', () => recompose());
  $('variations').addEventListener('click', composeVariations);
}

fillKeys();
wire();
setupMorph({ current: () => (picture ? settings() : null), setStatus });
scoreVideo = setupVideo({ fields: () => settings().fields, nudges: () => ({ ...nudges }), setStatus });
const examples = await loadExamples();
offerMorphExamples(examples);
readUrl(examples);
