// The morph part of the browser test (compose.spec.mjs runs it on a page already showing a result): a second
// picture, picked from the examples or chosen as a file, morphs the picture shown into it through POST /api/morph;
// the walk gets its own roll, player and valid MIDI download, and the request carries the page's settings. Saves
// page_morph.png in OUT_DIR, and in $VEC2MIDI_SCREENSHOT_DIR if set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audioState, rollState, screenshotOf } from './page_probes.mjs';
import { formFields } from './piece_checks.mjs';

const WAIT = { timeout: 30000 };
const isMorph = (r) => r.url().endsWith('/api/morph');


async function morphAfter(page, action) {
  const requestSent = page.waitForRequest(isMorph, WAIT);
  const answered = page.waitForResponse(isMorph, WAIT);
  await action();
  const [request, response] = await Promise.all([requestSent, answered]);
  return { fields: formFields(request.postData()), status: response.status(), answer: await response.json() };
}

export async function checkMorph(page, { outDir, examplesDir, check }) {
  const bars = await page.inputValue('#bars');
  const picked = await morphAfter(page, () => page.selectOption('#morph-example', 'blue_swatch.jpg'));
  check('morph: an example picked sends picture B with the page\'s picture and settings',
    picked.status === 200 && picked.fields.to_example === 'blue_swatch.jpg' && picked.fields.phrases === '8' &&
    picked.fields.bars === (Number(bars) > 2 ? '2' : bars) && 'tempo' in picked.fields &&
    ('example' in picked.fields || 'image' in picked.fields), JSON.stringify(picked.fields));
  await page.waitForSelector('#morph-result:not([hidden])', WAIT);
  check('morph: the walk ends at picture B\'s colour', picked.answer.to.colour === 'blue' &&
    (await page.textContent('#morph-text')).includes('→ blue'), await page.textContent('#morph-text'));
  const shown = { ...(await audioState(page, 'morph-audio')), lit: (await rollState(page, 'morph-roll')).lit };
  check('morph: its WAV plays and its roll is drawn', shown.duration > 0 && !shown.error && shown.lit > 100,
    JSON.stringify(shown));
  const started = page.waitForEvent('download', WAIT);
  await page.click('#morph-midi');
  const path = join(outDir, 'morph.mid');
  await (await started).saveAs(path);
  const midi = readFileSync(path);
  check('morph: the MIDI download is a valid MIDI file', midi.subarray(0, 4).toString('latin1') === 'MThd',
    `${midi.length} bytes`);

  await page.selectOption('#morph-phrases', '4');
  const uploaded = await morphAfter(page, () => page.setInputFiles('#morph-file', join(examplesDir, 'green_car.jpg')));
  // Chromium does not hand a request body holding a file to playwright: the answer shows what was sent.
  check('morph: a file chosen is picture B, with the phrases asked for', uploaded.status === 200 &&
    uploaded.answer.to.colour === 'green' && uploaded.answer.phrases === 4 && uploaded.answer.name.endsWith('_to_green_car') &&
    (await page.textContent('#morph-text')).includes('→ green: 4 phrases'), JSON.stringify(uploaded.answer.files));
  await screenshotOf(page, '#morph-result', outDir, 'page_morph.png');
}
