// `vec2midi serve` on 127.0.0.1 for the browser test and the page benchmark: started on a free port with the given
// models and examples; resolves with {server, url} once the server prints its JSON line.
import { spawn } from 'node:child_process';

export function startServer(bin, models, examplesDir) {
  const server = spawn(bin, ['serve', '--port', '0', '--json', '--model', models.vae, '--embedder', models.embedder,
    '--transition', models.transition, '--examples', examplesDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('vec2midi serve did not start in 60 s')), 60000);
    server.stdout.on('data', (chunk) => {
      text += chunk;
      try {
        const info = JSON.parse(text);
        clearTimeout(timer);
        resolveUrl({ server, url: info.url });
      } catch {
        // not a whole document yet
      }
    });
    server.on('exit', (code) => reject(new Error(`vec2midi serve exited with ${code}`)));
  });
}
