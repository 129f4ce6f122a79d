// What the page shows, read inside the page: an <audio> element once its metadata has loaded (or 10 s passed),
// and a canvas piano roll's lit pixels; and a screenshot of one part of the page, kept for the docs.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
/// {src, canPlay, duration, error} of the audio element `id`.
export function audioState(page, id) {
  return page.evaluate(async (audioId) => {
    const a = document.getElementById(audioId);
    if (a.readyState < 1) {
      await new Promise((done) => {
        a.addEventListener('loadedmetadata', done, { once: true });
        a.addEventListener('error', done, { once: true });
        setTimeout(done, 10000);
      });
    }
    return { src: a.currentSrc, canPlay: a.canPlayType('audio/wav'), duration: a.duration, error: a.error && a.error.code };
  }, id);
}

/// {width, tracks, lit} of the canvas `id`: lit counts pixels brighter than the dark background (notes, bar lines,
/// the playhead).
export function rollState(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] > 150) lit += 1;
    return { width: canvas.width, tracks: canvas.dataset.tracks, lit };
  }, id);
}

/// Saves a screenshot as OUT_DIR/NAME, and in $VEC2MIDI_SCREENSHOT_DIR if set: of the viewport scrolled to `selector`,
/// or of the whole page when `selector` is null. Returns its path.
export async function screenshotOf(page, selector, outDir, name) {
  const shot = join(outDir, name);
  if (selector) await page.locator(selector).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot, fullPage: !selector });
  if (process.env.VEC2MIDI_SCREENSHOT_DIR) {
    mkdirSync(process.env.VEC2MIDI_SCREENSHOT_DIR, { recursive: true });
    copyFileSync(shot, join(process.env.VEC2MIDI_SCREENSHOT_DIR, name));
  }
  return shot;
}
