import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGraph, specifiers } from '../../../tools/architecture/graph.ts';
import { LAYERS, ROOTS } from '../../../tools/architecture/layers.ts';
import { checkLayers, figures } from '../../../tools/architecture/rules.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the import rules on this project', () => {
  const graph = buildGraph(ROOT, ROOTS);

  it('sees the arrows that are easy to miss: workers, lazy imports, .astro frontmatter and scripts', () => {
    const has = (from: string, to: string) => graph.arrows.some((a) => a.from === from && a.to === to);
    expect(has('src/lib/sql-runtime/worker.ts', 'src/lib/sql-runtime/worker-lab.ts')).toBe(true);
    expect(has('src/lib/checker/lint-client.ts', 'src/lib/checker/lint-worker.ts')).toBe(true);
    expect(has('src/components/PageShell.astro', 'src/scripts/page.ts')).toBe(true);
    expect(graph.arrows.length).toBeGreaterThan(300);
  });

  it('has no import pointing up a layer, between widgets, or closing a cycle, and places every file', () => {
    expect(checkLayers(graph, LAYERS).map((v) => v.message)).toEqual([]);
  });
});

describe('the import rules on deliberately wrong trees', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  const tree = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'layers-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, dirname(path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return checkLayers(buildGraph(dir, ['src']), LAYERS);
  };

  it('fails an engine that imports a widget, naming both files and both layers', () => {
    const violations = tree({
      'src/lib/locks/trace.ts': "import { x } from '../live/live-example.ts';\nexport const y = x;\n",
      'src/lib/live/live-example.ts': 'export const x = 1;\n',
    });
    expect(violations.map((v) => v.message)).toEqual([
      'src/lib/locks/trace.ts → src/lib/live/live-example.ts: engines (locks) imports widgets (live), a layer above it',
    ]);
  });

  it('fails a type-only import and a lazy import() up a layer just the same', () => {
    const violations = tree({
      'src/lib/sql-runtime/limits.ts': "import type { T } from '../prisma-lab/lab.ts';\nexport const n: T = 1;\n",
      'src/lib/execution/prisma-target.ts': "export const load = () => import('../sql-runtime/session.ts');\n",
      'src/lib/prisma-lab/lab.ts': 'export type T = number;\n',
      'src/lib/sql-runtime/session.ts': 'export {};\n',
    });
    expect(violations.map((v) => v.kind)).toEqual(['backward', 'backward']);
    expect(violations.map((v) => v.message).join('\n')).toContain(
      'src/lib/sql-runtime/limits.ts → src/lib/prisma-lab/lab.ts: shared pure helpers (limits) imports engines (prisma-lab)',
    );
  });

  it('fails one widget importing another', () => {
    const violations = tree({
      'src/lib/playground/playground-page.ts': "import '../lab-ui/lab-controller.ts';\n",
      'src/lib/lab-ui/lab-controller.ts': 'export {};\n',
    });
    expect(violations).toEqual([
      {
        kind: 'between-widgets',
        message:
          'src/lib/playground/playground-page.ts → src/lib/lab-ui/lab-controller.ts: widgets playground imports lab-ui; move what both need to a layer below',
      },
    ]);
  });

  it('fails a cycle between two files, and between two groups of one layer', () => {
    const violations = tree({
      'src/lib/locks/a.ts': "import './b.ts';\nimport '../execution/run.ts';\n",
      'src/lib/locks/b.ts': "import './a.ts';\n",
      'src/lib/execution/run.ts': "import '../locks/c.ts';\n",
      'src/lib/locks/c.ts': 'export {};\n',
    });
    expect(violations.map((v) => v.message)).toEqual([
      'import cycle between files: src/lib/locks/a.ts ⇄ src/lib/locks/b.ts',
      'cycle between engines/execution ⇄ engines/locks: src/lib/execution/run.ts → src/lib/locks/c.ts; src/lib/locks/a.ts → src/lib/execution/run.ts',
    ]);
  });

  it('fails a worker started with new URL(…, import.meta.url) from a layer below', () => {
    const violations = tree({
      'src/lib/sql-runtime/split-statements.ts': "export const w = new Worker(new URL('../live/w.ts', import.meta.url));\n",
      'src/lib/live/w.ts': 'export {};\n',
    });
    expect(violations.map((v) => v.kind)).toEqual(['backward']);
  });

  it('fails a file in a folder no layer claims', () => {
    const violations = tree({ 'src/lib/stray/thing.ts': 'export {};\n' });
    expect(violations.map((v) => v.message)).toEqual([
      'src/lib/stray/thing.ts belongs to no layer: add its folder to tools/architecture/layers.ts',
    ]);
  });

  it('counts backward arrows and cycles in the figures', () => {
    dir = mkdtempSync(join(tmpdir(), 'layers-'));
    mkdirSync(join(dir, 'src/lib/locks'), { recursive: true });
    mkdirSync(join(dir, 'src/lib/live'), { recursive: true });
    writeFileSync(join(dir, 'src/lib/locks/trace.ts'), "import '../live/x.ts';\n");
    writeFileSync(join(dir, 'src/lib/live/x.ts'), "import '../locks/trace.ts';\n");
    const result = figures(buildGraph(dir, ['src']), LAYERS);
    expect({ backward: result.backward, fileCycles: result.fileCycles, folders: result.folders, fileArrows: result.fileArrows }).toEqual({
      backward: 1,
      fileCycles: 1,
      folders: 2,
      fileArrows: 2,
    });
  });
});

describe('reading specifiers with the TypeScript parser', () => {
  it('finds imports, re-exports, import types, import() and new URL, not strings that merely look like them', () => {
    const code = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "type D = import('./d.ts').D;",
      "const e = () => import('./e.ts');",
      "const f = new URL('./f.ts', import.meta.url);",
      "const g = new URL('./g.ts', 'https://example.com/');",
      'const h = "import x from \'./h.ts\'";',
      "// import i from './i.ts';",
    ].join('\n');
    expect(specifiers('x.ts', code).map((s) => `${s.text}:${s.kind}${s.typeOnly ? ':type' : ''}`)).toEqual([
      './a.ts:static',
      './b.ts:static:type',
      './c.ts:static',
      './d.ts:static:type',
      './e.ts:dynamic',
      './f.ts:url',
    ]);
  });

  it("reads an .astro file's frontmatter and script elements, not its markup", () => {
    const astro =
      "---\nimport Shell from './Shell.astro';\n---\n<p>import nope from './nope.ts'</p>\n<script>\nimport './page.ts';\n</script>\n";
    expect(specifiers('x.astro', astro).map((s) => s.text)).toEqual(['./Shell.astro', './page.ts']);
  });
});
