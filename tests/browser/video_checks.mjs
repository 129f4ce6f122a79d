// The video part of the browser test (compose.spec.mjs runs it after the morph): a slideshow of two bundled examples,
// encoded by ffmpeg here, is chosen in the video box; the page shows the upload's progress, then plays the scored MP4
// (picture and sound), draws one strip cell per phrase in the colours the video shows, and its MP4 downloads. A file
// that is not a video gets the server's 4xx message in the status line. Saves page_video.png in OUT_DIR, and in
// $VEC2MIDI_SCREENSHOT_DIR if set.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshotOf } from './page_probes.mjs';

const WAIT = { timeout: 60000 };
const isVideo = (r) => r.url().endsWith('/api/video');

function slideshow(out, photos) {
  const inputs = photos.flatMap((p) => ['-loop', '1', '-framerate', '30', '-t', '4', '-i', p]);
  const scaled = photos.map((_, i) => `[${i}:v]scale=640:360:force_original_aspect_ratio=decrease,` +
    `pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v${i}];`).join('');
  const joined = `${photos.map((_, i) => `[v${i}]`).join('')}concat=n=${photos.length}:v=1:a=0[out]`;
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...inputs, '-filter_complex', scaled + joined,
    '-map', '[out]', '-c:v', 'libx264', '-preset', 'ultrafast', '-r', '30', out]);
  return out;
}

export async function checkVideo(page, { outDir, examplesDir, check }) {
  const clip = slideshow(join(outDir, 'clip.mp4'), [join(examplesDir, 'red_car.jpg'), join(examplesDir, 'blue_swatch.jpg')]);
  await page.evaluate(() => {
    window.statusLines = [];
    new MutationObserver(() => window.statusLines.push(document.getElementById('status').textContent))
      .observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true });
  });
  const bars = Math.min(2, Number(await page.inputValue('#bars')));
  const tempo = Number(await page.inputValue('#tempo'));
  const answered = page.waitForResponse(isVideo, WAIT);
  await page.setInputFiles('#video-file', clip);
  const response = await answered;
  const answer = await response.json();
  check('video: POST /api/video answers 200', response.status() === 200, JSON.stringify(answer).slice(0, 200));
  await page.waitForSelector('#video-result:not([hidden])', WAIT);
  const lines = await page.evaluate(() => window.statusLines);
  check('video: the status line shows the upload going and the scoring', lines.some((l) => l.startsWith('Scoring clip.mp4')),
    JSON.stringify(lines));
  const colours = answer.phrases.map((p) => p.colour);
  check('video: the phrases follow the colours shown, red then blue',
    colours[0] === 'red' && colours.at(-1) === 'blue' && colours.indexOf('blue') > 0 &&
    colours.slice(colours.indexOf('blue')).every((c) => c === 'blue'), colours.join(' '));
  check('video: a phrase lasts the page\'s bars (1 or 2) at its tempo',
    Math.abs(answer.phrase_seconds - (bars * 4 * 60) / tempo) < 1e-6, `${answer.phrase_seconds} s, ${bars} bars at ${tempo}`);
  const cells = await page.locator('#video-strip span').count();
  check('video: the strip has a cell for each phrase', cells === answer.phrases.length, `${cells} of ${answer.phrases.length}`);
  const played = await page.evaluate(async () => {
    const v = document.getElementById('scored-video');
    if (v.readyState < 1) {
      await new Promise((done) => {
        v.addEventListener('loadedmetadata', done, { once: true });
        v.addEventListener('error', done, { once: true });
        setTimeout(done, 10000);
      });
    }
    v.muted = true;
    await v.play().catch(() => {});
    await new Promise((done) => setTimeout(done, 1500));
    v.pause();
    return { duration: v.duration, width: v.videoWidth, error: v.error && v.error.code, time: v.currentTime,
      audioBytes: v.webkitAudioDecodedByteCount, videoBytes: v.webkitVideoDecodedByteCount };
  });
  check('video: the scored MP4 plays, picture and sound, as long as the video',
    Math.abs(played.duration - 8) < 0.25 && played.width === 640 && !played.error && played.time > 0.5 &&
    played.audioBytes > 0 && played.videoBytes > 0, JSON.stringify(played));
  const started = page.waitForEvent('download', WAIT);
  await page.click('#video-mp4');
  const saved = join(outDir, 'scored.mp4');
  await (await started).saveAs(saved);
  const mp4 = readFileSync(saved);
  check('video: the MP4 download is an MP4 file', mp4.subarray(4, 8).toString('latin1') === 'ftyp', `${mp4.length} bytes`);
  await screenshotOf(page, '#video-result', outDir, 'page_video.png');

  // A file that only calls itself a video: the server's message reaches the status line.
  const fake = join(outDir, 'not_a_video.mp4');
  writeFileSync(fake, 'these are not frames\n');
  const refused = page.waitForResponse(isVideo, WAIT);
  await page.setInputFiles('#video-file', fake);
  const bad = await refused;
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'), null, WAIT);
  const status = await page.textContent('#status');
  check('video: a file that is not a video is a 415 with its reason shown',
    bad.status() === 415 && status.includes('Could not score not_a_video.mp4: video: not a video ffmpeg can read'), status);
}
