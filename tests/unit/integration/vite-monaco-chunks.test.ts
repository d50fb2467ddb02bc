import { describe, expect, it } from 'vitest';
import { monacoInParallelChunks } from '../../../src/lib/integration/vite-monaco-chunks.ts';
import { RETRY_DIR } from '../../../src/lib/editor/retry-dir.ts';

interface FakeChunk {
  type: 'chunk';
  name: string;
  fileName: string;
  imports: string[];
  code: string;
}

const chunk = (name: string, imports: string[], code: string): FakeChunk => ({
  type: 'chunk',
  name,
  fileName: `_astro/${name}.h.js`,
  imports: imports.map((imported) => `_astro/${imported}.h.js`),
  code,
});

/** The build as rolldown leaves it for the plugin: Monaco's layers, the editor's chunk, a page's script and a lazy language. */
function built() {
  return {
    'monaco-base': chunk('monaco-base', [], 'export const base = 1;'),
    'monaco-platform': chunk('monaco-platform', ['monaco-base'], 'import{base}from"./monaco-base.h.js";'),
    'monaco-editor': chunk(
      'monaco-editor',
      ['monaco-base', 'monaco-platform', 'page'],
      'import{base}from"./monaco-base.h.js";import"./monaco-platform.h.js";import{p}from"./page.h.js";',
    ),
    'sql-editor': chunk(
      'sql-editor',
      ['monaco-editor', 'page'],
      'import{e}from"./monaco-editor.h.js";import{p}from"./page.h.js";const js=()=>import(`./language.h.js`);const text="./not-a-chunk.js";',
    ),
    language: chunk('language', ['monaco-editor'], 'import{e}from"./monaco-editor.h.js";'),
    page: chunk('page', [], 'export const p = () => import("./sql-editor.h.js");'),
  };
}

function generate(bundle: Record<string, FakeChunk>) {
  const emitted: { fileName: string; source: string }[] = [];
  const plugin = monacoInParallelChunks();
  const generateBundle = plugin.generateBundle as (this: unknown, options: unknown, bundle: unknown) => void;
  generateBundle.call({ emitFile: (file: { fileName: string; source: string }) => emitted.push(file) }, {}, bundle);
  return new Map(emitted.map((file) => [file.fileName, file.source]));
}

describe("Monaco's layers as chunks of their own", () => {
  it('groups the pages’ build only', () => {
    const plugin = monacoInParallelChunks();
    const configEnvironment = plugin.configEnvironment as (name: string) => unknown;
    expect(configEnvironment('ssr')).toBeUndefined();
    expect(JSON.stringify(configEnvironment('client'))).toContain('monaco-platform');
  });

  it('has a chunk that imports a layer import every layer it reaches, lowest first, so all are asked for at once', () => {
    const bundle = built();
    generate(bundle);
    expect(bundle['sql-editor'].code.startsWith('import"./monaco-base.h.js";import"./monaco-platform.h.js";import{e}')).toBe(true);
    expect(bundle.language.code.startsWith('import"./monaco-base.h.js";import"./monaco-platform.h.js";import{e}')).toBe(true);
    // The layers already import what they need, and the page's script reaches Monaco only lazily.
    expect(bundle['monaco-editor'].code).toBe(built()['monaco-editor'].code);
    expect(bundle.page.code).toBe(built().page.code);
  });

  it(`copies every chunk that reaches a layer into ${RETRY_DIR}/, importing the copies by the same names and the rest from the originals`, () => {
    const emitted = generate(built());
    expect([...emitted.keys()].sort()).toEqual(
      ['language', 'monaco-base', 'monaco-editor', 'monaco-platform', 'sql-editor'].map((name) => `_astro/${RETRY_DIR}/${name}.h.js`),
    );
    const editor = emitted.get(`_astro/${RETRY_DIR}/sql-editor.h.js`);
    expect(editor).toContain('from"./monaco-editor.h.js"');
    expect(editor).toContain('import(`./language.h.js`)');
    expect(editor).toContain('from"../page.h.js"');
    // A string that names no chunk is left as it is.
    expect(editor).toContain('"./not-a-chunk.js"');
    expect(emitted.get(`_astro/${RETRY_DIR}/monaco-editor.h.js`)).toContain('from"../page.h.js"');
  });
});
