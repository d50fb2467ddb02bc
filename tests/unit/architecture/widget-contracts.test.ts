import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FoundName, namesIn } from '../../../tools/architecture/widget-names.ts';
import type { Contract } from '../../../src/widgets/contract-kit.ts';
import { checkUi } from '../../../src/widgets/check/contract.ts';
import { liveUi } from '../../../src/widgets/live-example/contract.ts';
import { partsUi } from '../../../src/widgets/parts/contract.ts';
import { playgroundUi } from '../../../src/widgets/playground/contract.ts';
import { labUi } from '../../../src/widgets/prisma-lab/contract.ts';
import { searchUi } from '../../../src/widgets/search/contract.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
type AnyContract = Contract<string, string>;
const everything = [liveUi, labUi, checkUi, playgroundUi, searchUi, partsUi] as AnyContract[];

/**
 * Which source files each contract covers: a file's names must all be in its contract (which
 * includes the parts it uses). `page` is the glue every page loads: it may name any widget's parts.
 */
const COVERS: { name: string; contract: AnyContract | AnyContract[]; paths: string[] }[] = [
  { name: 'live example', contract: liveUi, paths: ['src/widgets/live-example/'] },
  { name: 'Prisma lab', contract: labUi, paths: ['src/widgets/prisma-lab/'] },
  { name: '/check', contract: checkUi, paths: ['src/widgets/check/', 'src/pages/check.astro'] },
  { name: '/playground', contract: playgroundUi, paths: ['src/widgets/playground/', 'src/pages/playground.astro'] },
  { name: 'search', contract: searchUi, paths: ['src/widgets/search/'] },
  {
    name: 'widget parts',
    contract: partsUi,
    paths: ['src/widgets/parts/', 'src/lib/share/', 'src/lib/dom/', 'src/lib/editor/', 'src/lib/markdown/rehype-heading-anchors.ts'],
  },
  {
    name: 'page glue',
    contract: everything,
    paths: ['src/components/PageShell.astro', 'src/scripts/', 'src/lib/share/open-shared.ts', 'src/styles/'],
  },
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(full).flatMap((entry) => filesUnder(`${path}${entry}${statSync(join(full, entry)).isDirectory() ? '/' : ''}`));
}

/** Each file once, under the cover whose path matches it most closely (a file inside a folder a wider cover owns). */
function coveredFiles(): Map<string, (typeof COVERS)[number]> {
  const owner = new Map<string, { cover: (typeof COVERS)[number]; length: number }>();
  for (const cover of COVERS) {
    for (const path of cover.paths) {
      for (const file of filesUnder(path)) {
        if (!/\.(ts|astro|css|mjs)$/.test(file) || file.endsWith('contract.ts') || file.endsWith('contract-kit.ts')) continue;
        const previous = owner.get(file);
        if (!previous || path.length > previous.length) owner.set(file, { cover, length: path.length });
      }
    }
  }
  return new Map([...owner].map(([file, { cover }]) => [file, cover]));
}

const inContract = (contract: AnyContract | AnyContract[], found: FoundName) =>
  [contract].flat().some((c) => (found.kind === 'role' ? c.roles : c.actions).has(found.name));

describe('widget contracts', () => {
  const files = coveredFiles();
  const used = new Map<string, Set<string>>();

  it('covers the widgets (a cover that finds no file has a stale path)', () => {
    for (const cover of COVERS) expect([...files.values()].filter((c) => c === cover).length, cover.name).toBeGreaterThan(0);
  });

  it('holds every data-role and data-action name the markup and controllers use', () => {
    const missing: string[] = [];
    for (const [file, cover] of files) {
      for (const found of namesIn(readFileSync(join(ROOT, file), 'utf8'))) {
        if (!inContract(cover.contract, found))
          missing.push(`${file}: data-${found.kind}="${found.name}" is in no contract ${cover.name} may use`);
        const key = `${found.kind}:${found.name}`;
        used.set(key, (used.get(key) ?? new Set()).add(file));
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares no name that no source uses', () => {
    const unused = everything.flatMap((c) => [
      ...c.ownRoles.filter((name) => !used.has(`role:${name}`)).map((name) => `data-role="${name}"`),
      ...c.ownActions.filter((name) => !used.has(`action:${name}`)).map((name) => `data-action="${name}"`),
    ]);
    expect(unused).toEqual([]);
  });

  it('is what the browser tests find elements by: no hand-written data-role/data-action selector left in them', () => {
    const literal = /data-(role|action)=\\?["'][a-z]/;
    const offenders = [...filesUnder('tests/e2e/'), ...filesUnder('tests/a11y/')]
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .map((line, index) => [line, index] as const)
          .filter(([line]) => literal.test(line))
          .map(([, index]) => `${file}:${index + 1}`),
      );
    expect(offenders).toEqual([]);
  });

  it('sees each form the source writes a name in', () => {
    const text = [
      `<div data-role="a-role"></div>`,
      `h('button', { 'data-action': 'hast-action' })`,
      `note.dataset.role = 'set-role'; if (t.dataset.action === 'compared') {}`,
      `x.getAttribute('data-role') !== 'attr-role'`,
      `this.handle({ action: 'intent' }); if (action === 'eq-action') {}`,
      `button('helper-action', 'Label'); choice('choice-action', 'Label', f)`,
      `switch (intent.action) { case 'case-action': break; } switch (kind) { case 'not-an-action': break; }`,
      `root.querySelector(labUi.role('contract-role')); ex.locator(liveUi.action('contract-action'))`,
    ].join('\n');
    expect(
      namesIn(text)
        .map((n) => `${n.kind}:${n.name}`)
        .sort(),
    ).toEqual(
      [
        'role:a-role',
        'action:hast-action',
        'role:set-role',
        'action:compared',
        'role:attr-role',
        'action:intent',
        'action:eq-action',
        'action:helper-action',
        'action:choice-action',
        'action:case-action',
        'role:contract-role',
        'action:contract-action',
      ].sort(),
    );
  });

  it('turns a name into its selector and refuses one it does not hold', () => {
    expect(liveUi.role('output')).toBe('[data-role="output"]');
    expect(labUi.action('lab-step')).toBe('[data-action="lab-step"]');
    expect(() => playgroundUi.role('lab-output' as never)).toThrow(/No data-role "lab-output"/);
  });
});
