// A static file server for dist/, standing in for any static host in tests and the benchmark.
// It gzips text like a typical host does (each file once, see `packed`), serves .wasm as
// application/wasm (needed for streaming compilation), and sends the cross-origin isolation headers
// that let the benchmark measure memory.
// Like Cloudflare Pages and Netlify, it applies dist/_headers (the Content-Security-Policy), so the
// browser tests run under the policy a reader gets from such a host.
import { createServer } from 'node:http';
import { appendFileSync, createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzip as gzipCallback } from 'node:zlib';
import { parseArgs, promisify } from 'node:util';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4321' }, dir: { type: 'string', default: 'dist' }, log: { type: 'string' } },
});
const root = resolve(values.dir);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.wasm', '.data', '.txt']);

/**
 * dist/_headers as rules: a path (`*` matches anything) followed by indented `Name: value` lines;
 * `! Name` removes a header an earlier rule set. Every matching rule applies, in order.
 */
function readHeaderRules(file) {
  if (!existsSync(file)) return [];
  const rules = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line
        .trim()
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      rules.push({ match: new RegExp(`^${pattern}$`), set: [] });
    } else if (rules.length > 0) {
      const detach = /^\s*!\s*(\S+)/.exec(line);
      const header = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
      if (detach) rules.at(-1).set.push([detach[1], undefined]);
      else if (header) rules.at(-1).set.push([header[1], header[2]]);
    }
  }
  return rules;
}
const headerRules = readHeaderRules(join(root, '_headers'));

function fileHeaders(urlPath) {
  const headers = {};
  for (const rule of headerRules) {
    if (!rule.match.test(urlPath)) continue;
    for (const [name, value] of rule.set) {
      if (value === undefined) delete headers[name];
      else headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
    }
  }
  return headers;
}

function resolveFile(urlPath) {
  const path = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, path);
  if (!file.startsWith(root)) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let file = resolveFile(url.pathname);
  let status = 200;
  if (!file && !url.pathname.endsWith('/') && !extname(url.pathname) && resolveFile(`${url.pathname}/`)) {
    response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
    return;
  }
  if (!file) {
    file = join(root, '404.html');
    status = 404;
  }
  const ext = extname(file);
  const headers = {
    'Content-Type': types[ext] ?? 'application/octet-stream',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': file.includes('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...fileHeaders(status === 404 ? '/404.html' : url.pathname),
  };
  const gzip = compressible.has(ext) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  if (gzip) headers['Content-Encoding'] = 'gzip';
  const sent = (bytes) => values.log && response.on('finish', () => appendFileSync(values.log, `${url.pathname}\t${bytes}\n`));
  if (!gzip) {
    headers['Content-Length'] = statSync(file).size;
    response.writeHead(status, headers);
    if (request.method === 'HEAD') return response.end();
    sent(headers['Content-Length']);
    return void createReadStream(file).pipe(response);
  }
  packed(file).then(
    (body) => {
      response.writeHead(status, { ...headers, 'Content-Length': body.length });
      if (request.method === 'HEAD') return response.end();
      // --log: the bytes each response put on the wire, for the benchmark (workers' requests included).
      sent(body.length);
      response.end(body);
    },
    (error) => response.writeHead(500).end(String(error)),
  );
});

/**
 * Each file gzipped once, before the server listens, as a host serves what it compressed at deploy
 * or keeps in its cache. Gzipping on every request cost the machine's two cores beside the browser
 * that asked: PGlite's 9 MB WASM ~200 ms in every cold start the bench timed (bench/cold-trace.mjs:
 * its files were in at ~700 ms after the click, ~390 ms now), Monaco's chunks ~250 ms in the first
 * Edit after the server started (~1.0 s, against ~0.7 s for the next ones). All of dist/ takes
 * ~0.5 s.
 */
const gzipped = new Map();
const gzipAsync = promisify(gzipCallback);
function packed(file) {
  let body = gzipped.get(file);
  if (!body) {
    body = readFile(file).then((bytes) => gzipAsync(bytes, { level: 6 }));
    // A file that could not be read is read again on its next request, not failed forever.
    body.catch(() => gzipped.delete(file));
    gzipped.set(file, body);
  }
  return body;
}
await Promise.all(
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => compressible.has(extname(name)))
    .map((name) => packed(join(root, name)).catch(() => undefined)),
);

server.listen(Number(values.port), '127.0.0.1', () => console.log(`Serving ${root} at http://127.0.0.1:${values.port}/`));
