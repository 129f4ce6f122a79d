// The page's latency in Chromium (issue 29 goals: first sound within 1 s of dropping a picture, 8-bar piece; a
// latent slider moved re-decodes and can play within 300 ms). `vec2midi serve` with the shipped models on
// 127.0.0.1, Debian's Chromium through playwright-core (tests/browser/node_modules). Times are the page's own
// (performance.now()): from the file handed to the page's file input to the <audio> element's `canplay` of the new
// WAV (the moment a press of play sounds), and from a slider's `input` event (its 50 ms debounce included; 150 ms until session 26) to the
// `canplay` of the re-decoded WAV. RUNS fresh page loads, one drop and one slider move each; medians, min, max.
// Usage: node bench/page_latency.mjs [RUNS=7]   (from the repository root; prints one JSON document)
import { join, resolve } from 'node:path';
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';
import { startServer } from '../tests/browser/serve_process.mjs';

const runs = Number(process.argv[2] || 7);
const models = {
  vae: resolve('models/default_vae.safetensors'),
  embedder: resolve('models/embedder.safetensors'),
  transition: resolve('models/transition_default.safetensors'),
};
const examplesDir = resolve('examples');

// Resolves in the page with the ms from now until the audio element's next `canplay` after `act()` runs there.
async function timeToCanplay(page, act) {
  await page.evaluate(() => {
    const audio = document.getElementById('audio');
    window.latency = new Promise((done) => {
      const src = audio.src;
      const start = performance.now();
      const ready = () => {
        if (audio.src === src) return;  // the old WAV
        audio.removeEventListener('canplay', ready);
        done(performance.now() - start);
      };
      audio.addEventListener('canplay', ready);
    });
  });
  await act();
  return page.evaluate(() => window.latency);
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median_ms: Math.round(median), min_ms: Math.round(sorted[0]), max_ms: Math.round(sorted.at(-1)) };
};

const { server, url } = await startServer(resolve('build/vec2midi'), models, examplesDir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const drops = [];
const slides = [];
try {
  for (let i = 0; i < runs; ++i) {
    const page = await browser.newPage();
    await page.goto(`${url}/?bars=8`);
    await page.waitForSelector('.example img');
    drops.push(await timeToCanplay(page, () => page.setInputFiles('#file', join(examplesDir, 'red_car.jpg'))));
    await page.waitForSelector('body:not([data-busy])', { state: 'attached' });
    await page.waitForSelector('#sliders input');
    slides.push(await timeToCanplay(page, () => page.fill('#sliders input >> nth=0', String(1 + (i % 2)))));
    await page.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(JSON.stringify({ runs, bars: 8, drop_to_canplay: summary(drops), slider_to_canplay: summary(slides),
  drops_ms: drops.map(Math.round), slides_ms: slides.map(Math.round) }, null, 1));
