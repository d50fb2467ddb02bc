import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../tools/architecture/graph.ts';
import { ROOTS } from '../../../tools/architecture/layers.ts';
import { longFiles } from '../../../tools/architecture/long-files.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('file length', () => {
  it('gives every source file over 300 lines a reason in its header ("Over 300 lines because …")', () => {
    const files = buildGraph(ROOT, ROOTS).files.map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
    expect(
      longFiles(files)
        .filter((long) => !long.explained)
        .map((long) => `${long.file}: ${long.lines} lines`),
    ).toEqual([]);
  });

  it('counts a reason only in the header, not one further down', () => {
    const body = Array.from({ length: 320 }, (_, i) => `const x${i} = ${i};`).join('\n');
    expect(longFiles([{ file: 'a.ts', text: `/** Over 300 lines because it must. */\n${body}` }])[0]!.explained).toBe(true);
    expect(longFiles([{ file: 'b.ts', text: `${body}\n// Over 300 lines because it must.` }])[0]!.explained).toBe(false);
    expect(longFiles([{ file: 'c.ts', text: 'const short = 1;\n' }])).toEqual([]);
  });
});
