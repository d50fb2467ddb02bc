import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  DEFAULT_TIMEOUT_MS,
  describeExpectations,
  describeVersionDifference,
  ExampleMetaError,
  parseExampleMeta,
  prismaTargetOf,
  type ExampleMeta,
} from './example-meta.ts';
import { PRISMA_TARGETS } from '../execution/prisma-target.ts';

export interface LiveSqlOptions {
  /** Returns the SQL of a named fixture; throws when it does not exist. */
  loadFixture: (name: string) => string;
}

/**
 * Turns every ```sql block into a live example: the Shiki-highlighted code stays the content (it
 * is highlighted later in the pipeline, since the code node is kept as a child), wrapped in a
 * <live-sql> element whose toolbar and output only come alive once the page's script upgrades it.
 *
 *   in:  ```sql id=x expect="ok"
 *   out: <live-sql id="ex-x" data-example-id="x" ...><div class="ex-head">…</div>
 *          <div class="ex-code"><pre>…</pre></div><div class="ex-bar">…</div>
 *          <div data-role="output" data-state="idle">…</div></live-sql>
 */
export function remarkLiveSql(options: LiveSqlOptions) {
  return (tree: Root, file: VFile) => {
    visit(tree, 'code', (node: Code, index, parent: Parent | undefined) => {
      // SQL blocks are always live; a JavaScript block is live when it has meta (a migration script).
      if (!parent || index === undefined) return;
      if (node.meta?.trim() === ORIGINAL && node.lang !== 'sql') {
        parent.children[index] = originalBlock(node) as RootContent;
        return [SKIP, index + 1];
      }
      const live = node.lang === 'sql' || (node.lang === 'javascript' && Boolean(node.meta));
      if (!live) return;
      let meta: ExampleMeta;
      try {
        meta = parseExampleMeta(node.meta ?? '');
      } catch (error) {
        if (error instanceof ExampleMetaError) file.fail(`SQL example: ${error.message}`, node);
        throw error;
      }
      const setupSql = meta.setup.map((name) => options.loadFixture(name)).join('\n');
      if (node.lang === 'javascript' && meta.expect.some((outcome) => outcome !== 'ok')) {
        file.fail(`Script example "${meta.id}": expect="ok" is the only outcome a script can declare (exit code 0).`, node);
      }
      parent.children[index] = buildExample(node, meta, setupSql) as RootContent;
      return [SKIP, index + 1];
    });
  };
}

/** Fence meta of a command quoted from the original notes that is wrong today: shown, marked, never offered for copying. */
const ORIGINAL = 'original';

function originalBlock(code: Code) {
  code.meta = null;
  const caption = node(
    'figcaption',
    {},
    [],
    [{ type: 'text', value: 'As the original notes have it: not for copying, the correction follows' }],
  );
  return node('figure', { className: ['original-note'], dataOriginal: '' }, [caption, code]);
}

function node(hName: string, hProperties: Record<string, unknown>, children: unknown[], hChildren?: ElementContent[]) {
  return { type: 'liveSqlPart', data: { hName, hProperties, ...(hChildren ? { hChildren } : {}) }, children };
}

/** Where PostgreSQL versions answer differently, a line under the code says so (the tests check each). */
function versionLine(meta: ExampleMeta) {
  const text = describeVersionDifference(meta);
  return text ? [node('p', { className: ['ex-versions'], 'data-role': 'versions' }, [], [h('span', text)])] : [];
}

function buildExample(code: Code, meta: ExampleMeta, setupSql: string) {
  const script = code.lang === 'javascript';
  code.meta = null;
  const label = meta.title ?? `Example ${meta.id}`;
  const head: ElementContent[] = [
    h('span.ex-title', label),
    h('span.ex-expect', { 'data-role': 'expect' }, `Expected: ${describeExpectations(meta)}`),
    ...(meta.continueOnError ? [h('span.ex-expect', 'Goes on after a failed statement, like psql -f without ON_ERROR_STOP')] : []),
    h('a.ex-anchor', { href: `#ex-${meta.id}`, 'aria-label': `Link to example: ${label}`, 'data-action': 'copy-link' }),
  ];
  const setupChildren: unknown[] = setupSql
    ? [
        // Plain text: it is reference material, and highlighting it would double a chapter's code bytes.
        node('details', { className: ['ex-setup'] }, [], [h('summary', `Setup: ${meta.setup.join(', ')}`), h('pre', setupSql)]),
      ]
    : [];
  // An example run as Prisma runs it switches between Prisma versions, not between raw modes.
  const modeSelect: Element = prismaTargetOf(meta.mode)
    ? h(
        'select',
        { 'data-role': 'mode', 'aria-label': 'Run as Prisma version' },
        PRISMA_TARGETS.map((target) =>
          h('option', { value: `prisma-${target.id}`, selected: meta.mode === `prisma-${target.id}` }, `As ${target.label} runs it`),
        ),
      )
    : h('select', { 'data-role': 'mode', 'aria-label': 'Execution mode' }, [
        h('option', { value: 'batch', selected: meta.mode === 'batch' }, 'One batch'),
        h('option', { value: 'statements', selected: meta.mode === 'statements' }, 'Statement by statement'),
      ]);
  const bar: ElementContent[] = [
    h('button.ex-run', { type: 'button', 'data-action': 'run', 'aria-keyshortcuts': 'Control+Enter' }, 'Run'),
    h('button', { type: 'button', 'data-action': 'stop', hidden: true }, 'Stop'),
    h('button', { type: 'button', 'data-action': 'reset' }, 'Reset database'),
    h('button', { type: 'button', 'data-action': 'edit' }, 'Edit'),
    ...(meta.tools.includes('pg_dump')
      ? [
          h('button', { type: 'button', 'data-action': 'dump' }, 'pg_dump'),
          h('button', { type: 'button', 'data-action': 'restore', disabled: true }, 'Restore from dump'),
        ]
      : []),
    ...(script ? [] : [modeSelect]),
    h('span.ex-state', { 'data-role': 'db-state' }, 'fresh'),
  ];
  return node(
    'live-sql',
    {
      id: `ex-${meta.id}`,
      className: ['ex'],
      dataExampleId: meta.id,
      dataMode: meta.mode,
      dataExpect: meta.expect.join(' '),
      // The controller assumes the default; 18 examples on a page need not each repeat it.
      dataTimeout: meta.timeoutMs === DEFAULT_TIMEOUT_MS ? undefined : String(meta.timeoutMs),
      dataLanguage: script ? 'javascript' : undefined,
      dataOnError: meta.continueOnError ? 'continue' : undefined,
      dataSetup: meta.setup.join(',') || undefined,
    },
    [
      node('div', { className: ['ex-head'] }, [], head),
      ...setupChildren,
      node('div', { className: ['ex-code'], 'data-role': 'code' }, [code]),
      ...versionLine(meta),
      node('div', { className: ['ex-bar'], role: 'toolbar', 'aria-label': `${label}: controls` }, [], bar),
      node('div', { className: ['ex-output'], 'data-role': 'output', 'data-state': 'idle', role: 'status', 'aria-live': 'polite' }, [], []),
    ],
  );
}
