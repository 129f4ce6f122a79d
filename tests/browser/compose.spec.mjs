// End-to-end: `vec2midi serve` on 127.0.0.1, driven in Debian's Chromium through playwright-core.
// Uploads a bundled example, waits for the result, checks the colour text, that the audio element has a
// playable source, the canvas roll and that the MIDI link downloads a valid MIDI file, and saves a screenshot;
// then plays with a piece (piece_checks.mjs): every control, the latent sliders, the URL, variations, the player
// and the downloads; then morphs it into a second picture (morph_checks.mjs) and scores a video (video_checks.mjs).
// Checks too that every request goes to the server itself.
// Usage: node compose.spec.mjs VEC2MIDI_BIN MODELS_JSON OUT_DIR   (tests/browser/run.sh passes these)
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { checkMorph } from './morph_checks.mjs';
import { audioState, rollState } from './page_probes.mjs';
import { startServer } from './serve_process.mjs';
import { checkPiece } from './piece_checks.mjs';
import { checkVideo } from './video_checks.mjs';

const [bin, modelsJson, outDir] = process.argv.slice(2);
const models = JSON.parse(readFileSync(modelsJson, 'utf8'));
const examplesDir = resolve('examples');
const COLOURS = ['black', 'blue', 'green', 'grey', 'orange', 'purple', 'red', 'white', 'yellow'];
let passed = 0;
let failed = 0;

function check(name, condition, detail = '') {
  if (condition) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name} ${detail}`);
  }
}

const example = readdirSync(examplesDir).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort()[0];
if (!example) throw new Error(`no bundled example in ${examplesDir}`);

const { server, url } = await startServer(bin, models, examplesDir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('.example img');
  check('the page offers the bundled examples', (await page.locator('.example').count()) >= 1);

  // Upload a bundled example through the file input, as a person choosing a file would.
  const answerPromise = page.waitForResponse((r) => r.url().endsWith('/api/compose'));
  await page.setInputFiles('#file', join(examplesDir, example));
  const answerResponse = await answerPromise;
  check('POST /api/compose answers 200', answerResponse.status() === 200, `got ${answerResponse.status()}`);
  const answer = await answerResponse.json();
  await page.waitForSelector('#result:not([hidden])', { timeout: 30000 });

  const colourText = (await page.textContent('#colour-name')).trim();
  check('the colour found is shown', COLOURS.includes(colourText) && colourText === answer.colour,
    `page "${colourText}", API "${answer.colour}"`);
  // The bundled examples are named by their colour (blue_swatch.jpg), which the shipped embedder must find.
  check('the shipped models find the example\'s colour', colourText === example.split('_')[0],
    `${example}: "${colourText}"`);

  const audio = await audioState(page, 'audio');
  check('the audio element has a playable WAV source',
    audio.src.includes('/files/') && audio.canPlay !== '' && audio.duration > 0 && !audio.error, JSON.stringify(audio));

  const roll = await rollState(page, 'roll');
  check('the piano roll is drawn on the canvas', roll.width > 0 && roll.tracks === '1' && roll.lit > 100, JSON.stringify(roll));
  check('the URL says the picture was uploaded', new URL(page.url()).searchParams.get('picture') === 'upload', page.url());

  const downloadPromise = page.waitForEvent('download');
  await page.click('#midi-link');
  const download = await downloadPromise;
  const midiPath = join(outDir, 'download.mid');
  await download.saveAs(midiPath);
  const midi = readFileSync(midiPath);
  check('the MIDI link downloads a valid MIDI file',
    midi.subarray(0, 4).toString('latin1') === 'MThd' && midi.readUInt32BE(4) === 6 && midi.includes('MTrk'),
    `${midi.length} bytes`);

  await page.screenshot({ path: join(outDir, 'screenshot.png'), fullPage: true });
  console.log(`screenshot: ${join(outDir, 'screenshot.png')}`);

  await checkPiece(page, { outDir, check });
  await checkMorph(page, { outDir, examplesDir, check });
  await checkVideo(page, { outDir, examplesDir, check });
  // The piece checks send one bad tempo on purpose, the video checks one file that is not a video: their 400 and 415
  // are the only errors the console may show.
  const unexpected = pageErrors.filter((e) => !e.includes('status of 400') && !e.includes('status of 415'));
  check('the page logged no errors but the deliberate 400 and 415', unexpected.length === 0 && pageErrors.length === 2,
    pageErrors.join(' | '));
  const origin = new URL(url).origin;
  const outside = requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`));
  check('the page made no requests outside the server', requested.length > 0 && outside.length === 0, outside.join(' '));
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
