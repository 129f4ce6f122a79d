// Morph on the page: the picture shown (A) walks into a second one (B), dropped on the morph box, chosen as a file
// or picked from the examples. POSTs /api/morph with the page's settings (each phrase 1 or 2 bars: a longer length
// asks for 2) and plays the walk in its own roll and player, with its MIDI and WAV.
import { dropZone } from './drop.js';
import { appendPhraseSettings } from './phrase_form.js';
import { attachPlayer } from './roll.js';

const $ = (id) => document.getElementById(id);
let player = null;

/// `current()` gives the page's {picture, fields, nudges} (null before a picture); `setStatus(text, isError)`.
export function setupMorph({ current, setStatus }) {
  const start = (to) => {
    const from = current();
    if (!from || !from.picture) return setStatus('Choose the first picture before morphing.', true);
    morph(from, to, setStatus);
  };
  $('morph-file').addEventListener('change', (event) => {
    const file = event.target.files[0];
    if (file) start({ file });
  });
  dropZone($('morph-drop'), (file) => {
    if (file && file.type.startsWith('image/')) start({ file });
    else setStatus('Drop a picture to morph into.', true);
  });
  $('morph-example').addEventListener('change', (event) => {
    const example = event.target.value;
    event.target.value = '';  // the same example may be picked again
    if (example) start({ example });
  });
}

/// The examples the morph box offers.
export function offerMorphExamples(examples) {
  const select = $('morph-example');
  for (const example of examples) select.append(new Option(example.name, example.name));
}

async function morph(from, to, setStatus) {
  const form = new FormData();
  appendPhraseSettings(form, from.fields, from.nudges, { video: 'false' });
  if (from.picture.file) form.append('image', from.picture.file, from.picture.file.name);
  else form.append('example', from.picture.example);
  if (to.file) form.append('to_image', to.file, to.file.name);
  else form.append('to_example', to.example);
  form.append('phrases', $('morph-phrases').value);
  setStatus('Walking from one picture to the other…');
  try {
    const response = await fetch('/api/morph', { method: 'POST', body: form });
    const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    show(answer);
    setStatus('');
  } catch (error) {
    setStatus(`Could not morph: ${error.message}`, true);
  }
}

function show(answer) {
  const box = $('morph-result');
  box.hidden = false;
  box.style.setProperty('--from', answer.from.colour_rgb);
  box.style.setProperty('--to', answer.to.colour_rgb);
  $('morph-text').textContent = `${answer.from.colour} → ${answer.to.colour}: ${answer.phrases} phrases, ` +
    `${answer.notes.length} melody notes`;
  const audio = $('morph-audio');
  if (player) player.detach();
  audio.src = answer.files.wav;
  player = attachPlayer($('morph-roll'), audio, answer);
  for (const [id, url, ext] of [['morph-midi', answer.files.midi, 'mid'], ['morph-wav', answer.files.wav, 'wav']]) {
    $(id).href = url;
    $(id).setAttribute('download', `${answer.name}.${ext}`);
  }
}
