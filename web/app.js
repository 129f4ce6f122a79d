// vec2midi web page: sends a picture (or a bundled example's name) to POST /api/compose and shows the
// answer: the colour found, the piano roll, the sound, the downloads, the notes and the colour distances.
'use strict';

const $ = (id) => document.getElementById(id);
const NOTE_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];
const MAX_RETRIES = 5;

let lastRequest = null;  // {kind: 'file'|'example', value, previewUrl}

function pitchName(pitch) {
  return NOTE_NAMES[pitch % 12] + (Math.floor(pitch / 12) - 1);
}

function setStatus(text, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function options() {
  const form = new FormData();
  form.append('bars', $('bars').value);
  form.append('program', $('program').value);
  form.append('temperature', $('temperature').value);
  form.append('continuous', $('continuous').checked ? 'true' : 'false');
  form.append('video', $('video').checked ? 'true' : 'false');
  return form;
}

async function compose(request) {
  lastRequest = request;
  $('again').disabled = true;
  const form = options();
  if (request.kind === 'file') form.append('image', request.value, request.value.name);
  else form.append('example', request.value);
  setStatus('Listening to the picture…');
  try {
    for (let attempt = 0; ; ++attempt) {
      const response = await fetch('/api/compose', { method: 'POST', body: form });
      if (response.status === 503 && attempt < MAX_RETRIES) {
        const wait = Number(response.headers.get('Retry-After') || '2');
        setStatus(`The server is busy; trying again in ${wait} s…`);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
      show(answer, request.previewUrl);
      setStatus('');
      break;
    }
  } catch (error) {
    setStatus(`Could not compose: ${error.message}`, true);
  } finally {
    $('again').disabled = false;
  }
}

function show(answer, previewUrl) {
  const result = $('result');
  result.style.setProperty('--found', answer.colour_rgb);
  $('colour-name').textContent = answer.colour;
  const how = answer.continuous ? 'from the picture’s own shade' : 'from the centre of its colour';
  $('colour-detail').textContent =
    `${answer.notes.length} notes in ${answer.steps / 16} bar${answer.steps > 16 ? 's' : ''}, ${how}`;
  $('picture').src = previewUrl;
  $('roll').src = answer.files.png;
  $('audio').src = answer.files.wav;
  $('midi-link').href = answer.files.midi;
  $('midi-link').setAttribute('download', `${answer.name}.mid`);
  $('wav-link').href = answer.files.wav;
  $('wav-link').setAttribute('download', `${answer.name}.wav`);
  const hasVideo = Boolean(answer.files.mp4);
  $('video-link').hidden = !hasVideo;
  $('video-player').hidden = !hasVideo;
  if (hasVideo) {
    $('video-link').href = answer.files.mp4;
    $('video-link').setAttribute('download', `${answer.name}.mp4`);
    $('video-player').src = answer.files.mp4;
  } else {
    $('video-player').removeAttribute('src');
  }
  $('notes').textContent = answer.notes.length
    ? answer.notes.map((n) => `${pitchName(n.pitch)}·${n.end - n.start}`).join('  ')
    : 'No notes: this melody is silence.';
  showDistances(answer);
  $('empty').hidden = true;
  result.hidden = false;
}

function showDistances(answer) {
  const list = $('distances');
  list.replaceChildren();
  const entries = Object.entries(answer.distances).sort((a, b) => a[1] - b[1]);
  const largest = entries[entries.length - 1][1];
  const range = largest - entries[0][1] || 1;
  for (const [name, distance] of entries) {
    const item = document.createElement('li');
    if (name === answer.colour) item.className = 'best';
    const label = document.createElement('span');
    label.textContent = name;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('span');
    // Nearest centre: a full bar; farthest: a short one.
    fill.style.setProperty('width', `${8 + 92 * (largest - distance) / range}%`);
    if (name === answer.colour) fill.style.setProperty('--bar', answer.colour_rgb);
    bar.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = distance.toPrecision(3);
    item.append(label, bar, value);
    list.append(item);
  }
}

async function loadExamples() {
  const box = $('examples');
  try {
    const response = await fetch('/api/examples');
    const { examples } = await response.json();
    for (const example of examples) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'example';
      button.title = example.name;
      button.dataset.name = example.name;
      const img = document.createElement('img');
      img.src = example.url;
      img.alt = `Example: ${example.name}`;
      button.append(img);
      button.addEventListener('click', () => compose({ kind: 'example', value: example.name, previewUrl: example.url }));
      box.append(button);
    }
    if (!examples.length) box.textContent = 'No bundled examples.';
  } catch (error) {
    box.textContent = 'Examples could not be loaded.';
  }
}

function pickFile(file) {
  if (!file) return;
  if (!file.type.startsWith('image/')) {
    setStatus(`${file.name} is not a picture.`, true);
    return;
  }
  compose({ kind: 'file', value: file, previewUrl: URL.createObjectURL(file) });
}

function wire() {
  const drop = $('drop');
  $('file').addEventListener('change', (event) => pickFile(event.target.files[0]));
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) {
    drop.addEventListener(type, () => drop.classList.remove('over'));
  }
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    pickFile(event.dataTransfer.files[0]);
  });
  const temperature = $('temperature');
  temperature.addEventListener('input', () => {
    const t = Number(temperature.value);
    $('temperature-value').textContent = t === 0 ? '0 (greedy)' : t.toFixed(1);
  });
  $('again').addEventListener('click', () => lastRequest && compose(lastRequest));
  loadExamples();
}

wire();
