import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const r = () => Math.round(process.memoryUsage().rss/1e6);
const { PGlite } = await import('@electric-sql/pglite');
const params = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };
if (process.argv[2] === 'make') {
  const a = await PGlite.create(params); const d = await a.dumpDataDir('gzip'); writeFileSync('/tmp/pristine.tgz', Buffer.from(await d.arrayBuffer())); console.log('size', d.size);
} else {
  console.log('start', r());
  const blob = new Blob([readFileSync('/tmp/pristine.tgz')]);
  const a = await PGlite.create({ ...params, loadDataDir: blob }); console.log('pglite from dump', r());
  console.log((await a.query('select 1 as x')).rows);
  global.gc(); console.log('gc', r());
}
