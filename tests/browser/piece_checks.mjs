// The musician's part of the browser test (compose.spec.mjs runs it on a page already showing a result): each
// control changes the request and the result, the latent sliders send nudges, the URL carries the state and a
// reload restores it, variations, the canvas player's playhead, the JSON and MIDI downloads, errors as one line,
// the video control. Saves page_piece.png (an 8-bar piece) in OUT_DIR, and in $VEC2MIDI_SCREENSHOT_DIR if set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshotOf } from './page_probes.mjs';

const EXAMPLE = 'red_car.jpg';
const WAIT = { timeout: 30000 };
const isCompose = (r) => r.url().endsWith('/api/compose');

/// The text fields of a multipart/form-data body.
export function formFields(body) {
  const fields = {};
  for (const m of (body || '').matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) fields[m[1]] = m[2];
  return fields;
}

/// Runs `action`; resolves with the next composition's form fields, HTTP status and answer once the page shows it.
async function composeAfter(page, action) {
  const requestSent = page.waitForRequest(isCompose, WAIT);
  const answered = page.waitForResponse(isCompose, WAIT);
  await action();
  const [request, response] = await Promise.all([requestSent, answered]);
  const answer = await response.json();
  await page.waitForSelector('body:not([data-busy])', { state: 'attached', ...WAIT });
  return { fields: formFields(request.postData()), status: response.status(), answer };
}

const text = async (page, selector) => (await page.textContent(selector)).trim();

async function download(page, selector, path) {
  const started = page.waitForEvent('download', WAIT);
  await page.click(selector);
  await (await started).saveAs(path);
  return readFileSync(path);
}

// Each control: how to change it, the field it must send, what the answer and the page must then say.
const CONTROL_CHANGES = [
  { id: 'bars', act: (p) => p.selectOption('#bars', '8'), sent: '8',
    answered: (a) => a.bars === 8 && a.steps === 128, shown: ['#form-text', 'A A′ B A″'] },
  { id: 'accompaniment', act: (p) => p.selectOption('#accompaniment', 'full'), sent: 'full',
    answered: (a) => a.tracks.length === 4 && a.tracks.some((t) => t.drum), shown: ['#chords', 'Chords: |'] },
  { id: 'key', act: (p) => p.selectOption('#key', 'F major'), sent: 'F major',
    answered: (a) => a.key === 'F major', shown: ['#key-shown', 'F major'] },
  { id: 'tempo', act: (p) => p.fill('#tempo', '90'), sent: '90', answered: (a) => a.tempo === 90, shown: ['#tempo-shown', '90 bpm'] },
  { id: 'program', act: (p) => p.selectOption('#program', '40'), sent: '40',
    answered: (a) => a.program === 40 && a.tracks.find((t) => t.name === 'melody').program === 40 },
];
const LATER_CHANGES = [
  { id: 'temperature', act: (p) => p.fill('#temperature', '0.8'), sent: '0.8', answered: (a) => a.temperature === 0.8,
    shown: ['#temperature-value', '0.8'] },
  { id: 'seed', act: (p) => p.fill('#seed', '7'), sent: '7', answered: (a) => a.seed === 7 },
  { id: 'continuous', act: (p) => p.check('#continuous'), sent: 'true', answered: (a) => a.continuous === true },
];

async function checkControls(page, check, changes, before) {
  let previous = before;
  for (const change of changes) {
    const { fields, answer } = await composeAfter(page, () => change.act(page));
    check(`control ${change.id}: the request sends ${change.id}=${change.sent}`, fields[change.id] === change.sent,
      JSON.stringify(fields));
    const changed = JSON.stringify(answer.tracks || answer.notes) !== JSON.stringify(previous.tracks || previous.notes) ||
      answer[change.id] !== previous[change.id];
    check(`control ${change.id}: the answer follows it`, change.answered(answer) && changed);
    if (change.shown) {
      const shown = await text(page, change.shown[0]);
      check(`control ${change.id}: the page shows ${change.shown[1]}`, shown.includes(change.shown[1]), `"${shown}"`);
    }
    previous = answer;
  }
  return previous;
}

async function checkVariations(page, check, base) {
  const sent = [];
  const listen = (r) => { if (isCompose(r)) sent.push(formFields(r.postData())); };
  page.on('request', listen);
  await page.click('#variations');
  await page.waitForFunction(() => document.querySelectorAll('.variation canvas[data-tracks]').length === 3, null, WAIT);
  page.off('request', listen);
  check('variations: three requests with the next seeds at temperature 0.5',
    sent.length === 3 && sent.every((f, i) => f.seed === String(Number(base.seed) + i + 1) && f.temperature === '0.5' &&
      f.bars === base.bars && f.key === base.key), JSON.stringify(sent));
  const cards = await page.$$eval('.variation', (all) => all.map((card) => ({
    tracks: card.querySelector('canvas').dataset.tracks, src: card.querySelector('audio').src })));
  check('variations: three rolls side by side, each with its own audio',
    cards.length === 3 && cards.every((c) => c.tracks === '4' && c.src.includes('/files/')) &&
      new Set(cards.map((c) => c.src)).size === 3, JSON.stringify(cards));
}

async function checkSliders(page, check, answer) {
  const labels = await page.$$eval('#sliders .slider span', (all) => all.map((s) => s.textContent));
  check('sliders: one per named latent dim', answer.sliders.length > 0 &&
    JSON.stringify(labels) === JSON.stringify(answer.sliders.map((s) => s.name)), JSON.stringify(labels));
  const dim = answer.sliders[0].dim;
  const moved = await composeAfter(page, () => page.fill('#sliders input >> nth=0', '1.5'));
  check('sliders: moving one sends nudges and keeps the other settings',
    moved.fields.nudges === `${dim}=1.5` && moved.fields.bars === '8' && moved.fields.key === 'F major', JSON.stringify(moved.fields));
  check('sliders: the answer carries the nudge', moved.answer.nudges[dim] === 1.5, JSON.stringify(moved.answer.nudges));
  return moved;
}

async function checkUrl(page, check, last) {
  const params = new URL(page.url()).searchParams;
  const expected = { picture: EXAMPLE, ...last.fields };
  delete expected.example;
  const missing = Object.entries(expected).filter(([k, v]) => params.get(k) !== v);
  check('the URL carries the picture, every control and the nudges', missing.length === 0, JSON.stringify(missing));
  const reloaded = await composeAfter(page, () => page.reload());
  check('reloading the URL sends the same request', JSON.stringify(reloaded.fields) === JSON.stringify(last.fields),
    `${JSON.stringify(reloaded.fields)} vs ${JSON.stringify(last.fields)}`);
  check('reloading the URL composes the same piece', JSON.stringify(reloaded.answer.tracks) === JSON.stringify(last.answer.tracks));
  const controls = await page.evaluate(() => ({
    bars: document.getElementById('bars').value, key: document.getElementById('key').value,
    tempo: document.getElementById('tempo').value, seed: document.getElementById('seed').value,
    continuous: document.getElementById('continuous').checked,
    slider: document.querySelector('#sliders input').value }));
  check('reloading the URL restores the controls and sliders', controls.bars === '8' && controls.key === 'F major' &&
    controls.tempo === '90' && controls.seed === '7' && controls.continuous && controls.slider === '1.5', JSON.stringify(controls));
  const reset = await composeAfter(page, () => page.click('#reset-sliders'));
  check('the reset button drops the nudges', reset.fields.nudges === undefined &&
    Object.keys(reset.answer.nudges).length === 0 && !new URL(page.url()).searchParams.has('nudges'));
  return reset.answer;
}

async function checkPlayer(page, check) {
  const playhead = () => page.evaluate(() => {
    const audio = document.getElementById('audio');
    const roll = document.getElementById('roll');
    return { paused: audio.paused, time: audio.currentTime, step: Number(roll.dataset.step), x: Number(roll.dataset.playheadX) };
  });
  await page.check('#loop');
  await page.click('#roll', { position: { x: 20, y: 140 } });  // a click on the roll plays from there
  await page.waitForFunction(() => document.getElementById('audio').currentTime > 0.6, null, { timeout: 10000 }).catch(() => {});
  const first = await playhead();
  await page.waitForTimeout(500);
  const second = await playhead();
  check('the player plays after a click and currentTime advances', !second.paused && second.time > first.time && first.time > 0,
    JSON.stringify([first, second]));
  check('the playhead moves across the canvas', second.step > first.step && second.x > first.x && first.x > 0,
    JSON.stringify([first, second]));
  check('the loop checkbox loops the audio', await page.evaluate(() => document.getElementById('audio').loop));
}

export async function checkPiece(page, { outDir, check }) {
  const first = await composeAfter(page, () => page.click(`.example[data-name="${EXAMPLE}"]`));
  check('an example click sends its name and every control',
    first.fields.example === EXAMPLE && ['bars', 'key', 'tempo', 'program', 'accompaniment', 'temperature', 'seed',
      'continuous', 'video'].every((k) => k in first.fields), JSON.stringify(first.fields));
  let answer = await checkControls(page, check, CONTROL_CHANGES, first.answer);
  await checkVariations(page, check, { seed: '0', bars: '8', key: 'F major' });
  answer = await checkControls(page, check, LATER_CHANGES, answer);
  const moved = await checkSliders(page, check, answer);
  answer = await checkUrl(page, check, moved);
  await page.click('#variations');  // for the screenshot
  await page.waitForFunction(() => document.querySelectorAll('.variation canvas[data-tracks]').length === 3, null, WAIT);
  await checkPlayer(page, check);

  const shot = await screenshotOf(page, null, outDir, 'page_piece.png');
  console.log(`screenshot of a piece: ${shot}`);
  await page.evaluate(() => document.getElementById('audio').pause());

  const json = JSON.parse((await download(page, '#json-link', join(outDir, 'download.json'))).toString('utf8'));
  check('the JSON download is the composition, notes included', json.notes.length > 0 &&
    JSON.stringify(json.notes) === JSON.stringify(answer.notes) && json.tracks.length === 4);
  const midi = await download(page, '#midi-link', join(outDir, 'piece.mid'));
  check('the piece\'s MIDI download is a valid MIDI file', midi.subarray(0, 4).toString('latin1') === 'MThd');

  const failed = await composeAfter(page, () => page.fill('#tempo', '5'));
  const status = await page.evaluate(() => {
    const line = document.getElementById('status');
    return { text: line.textContent, error: line.classList.contains('error') };
  });
  check('a server error shows as one readable line', failed.status === 400 && status.error &&
    status.text.includes('tempo') && !status.text.includes('\n') && status.text.includes(failed.answer.error), JSON.stringify(status));
  await composeAfter(page, () => page.fill('#tempo', '120'));
  check('the error line clears after a good answer', (await text(page, '#status')) === '');

  await composeAfter(page, () => page.selectOption('#bars', '1'));
  const video = await composeAfter(page, () => page.check('#video'));
  check('control video: the request asks for a video and the MP4 is offered', video.fields.video === 'true' &&
    Boolean(video.answer.files.mp4) && await page.isVisible('#video-link'), JSON.stringify(video.answer.files));
}
