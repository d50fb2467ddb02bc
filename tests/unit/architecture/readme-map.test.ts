import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Folder, mapProblems, readMap } from '../../../tools/architecture/readme-map.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function foldersUnder(path: string): Folder[] {
  const items = readdirSync(join(ROOT, path), { withFileTypes: true });
  return [
    { path, hasFiles: items.some((item) => item.isFile()) },
    ...items.filter((item) => item.isDirectory()).flatMap((item) => foldersUnder(`${path}/${item.name}`)),
  ];
}

const MAP = `# X

## Architecture

\`\`\`
src/lib/dom/             el.ts, required.ts
src/lib/prisma-lab/      the lab core; commands/ (one file per command)
src/widgets/             one folder per widget
  check/                 /check
\`\`\`
`;

describe("README's architecture map", () => {
  it('names every folder in src/ and nothing that is gone', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const problems = mapProblems(readMap(readme), foldersUnder('src').slice(1), (path) => existsSync(join(ROOT, path)));
    expect(problems).toEqual([]);
  });

  it('reads entries, the entries inside one, and their words', () => {
    expect(readMap(MAP).map((entry) => entry.path)).toEqual(['src/lib/dom/', 'src/lib/prisma-lab/', 'src/widgets/', 'src/widgets/check/']);
  });

  it('fails on a folder the map does not name, and on a listed path that is gone', () => {
    const tree: Folder[] = [
      { path: 'src/lib', hasFiles: false },
      { path: 'src/lib/dom', hasFiles: true },
      { path: 'src/lib/prisma-lab', hasFiles: true },
      { path: 'src/lib/prisma-lab/commands', hasFiles: true },
      { path: 'src/lib/prisma-lab/schemas', hasFiles: true },
      { path: 'src/widgets', hasFiles: true },
      { path: 'src/widgets/search', hasFiles: true },
    ];
    const exists = (path: string) => tree.some((folder) => folder.path === path);
    expect(mapProblems(readMap(MAP), tree, exists)).toEqual([
      'the map lists src/widgets/check/, which is not in the tree',
      'src/lib/prisma-lab/schemas/ is not in the map (nor named as schemas/ under src/lib/prisma-lab/)',
      'src/widgets/search/ is not in the map (nor named as search/ under src/widgets/)',
    ]);
  });
});
