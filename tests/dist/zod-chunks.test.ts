// zod (~29 KB gz) ships only where a page decided to carry it: the share-link payload check, loaded when a
// link is opened. Build-time validation (example meta, lab presets, site config) must not leak into the
// worker, the live example or any other chunk through a shared helper module (parse-example-meta.ts is
// kept apart from example-meta.ts for this).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, DIST } from './built-site.ts';

/** zod 4 keeps its internals on `_zod` and names its error class: one or the other survives minifying. */
const ZOD_MARK = /\b_zod\b|ZodError/;
/** The chunks allowed to carry zod, by name before the hash. */
const ALLOWED = ['share-payload'];

function chunks(): { name: string; text: string }[] {
  assertBuilt();
  const folder = join(DIST, '_astro');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
}

const baseName = (file: string) => file.replace(/[.-][\w-]{8}\.js$/, '');

describe('zod in the built chunks', () => {
  const all = chunks();

  it('the database worker, the live example and the example meta helpers carry none', () => {
    const runtime = all.filter(({ name }) => /^(?:worker|live-example|example-meta)\b/.test(name));
    expect(runtime.map(({ name }) => baseName(name))).toEqual(expect.arrayContaining(['worker', 'live-example', 'example-meta']));
    for (const { name, text } of runtime) expect(ZOD_MARK.test(text), name).toBe(false);
  });

  it('only the share-link payload check carries it', () => {
    const carrying = all.filter(({ text }) => ZOD_MARK.test(text)).map(({ name }) => baseName(name));
    expect(carrying.sort()).toEqual(ALLOWED);
  });
});
