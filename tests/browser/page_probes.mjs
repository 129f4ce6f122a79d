// What the page shows, read inside the page: an <audio> element once its metadata has loaded (or 10 s passed),
// and a canvas piano roll's lit pixels.
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
