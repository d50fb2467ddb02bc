// Serves a built site (serve-dist.mjs) on a free loopback port for the bench's scripts, and waits
// until it answers. With `log`, the server writes every response's path and gzip bytes there.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** @param {{ dist?: string, log?: string }} [options] */
export async function startDistServer({ dist = 'dist', log } = {}) {
  const port = await freePort();
  const args = [
    fileURLToPath(new URL('./serve-dist.mjs', import.meta.url)),
    '--port',
    String(port),
    '--dir',
    dist,
    ...(log ? ['--log', log] : []),
  ];
  const server = spawn(process.execPath, args, { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fetch(base);
      break;
    } catch (error) {
      if (attempt > 100) {
        server.kill();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { base, port, stop: () => server.kill() };
}
