import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { DEFAULT_TIMEOUT_MS, describeExpectations, ExampleMetaError, parseExampleMeta, prismaTargetOf, type ExampleMeta } from './example-meta.ts';
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
      const live = node.lang === 'sql' || (node.lang === 'javascript' && Boolean(node.meta));
      if (!live || !parent || index === undefined) return;
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

function node(hName: string, hProperties: Record<string, unknown>, children: unknown[], hChildren?: ElementContent[]) {
  return { type: 'liveSqlPart', data: { hName, hProperties, ...(hChildren ? { hChildren } : {}) }, children };
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
    ? h('select', { 'data-role': 'mode', 'aria-label': 'Run as Prisma version' },
        PRISMA_TARGETS.map((target) => h('option', { value: `prisma-${target.id}`, selected: meta.mode === `prisma-${target.id}` }, `As ${target.label} runs it`)))
    : h('select', { 'data-role': 'mode', 'aria-label': 'Execution mode' }, [
        h('option', { value: 'batch', selected: meta.mode === 'batch' }, 'One batch'),
        h('option', { value: 'statements', selected: meta.mode === 'statements' }, 'Statement by statement'),
      ]);
  const bar: ElementContent[] = [
    h('button.ex-run', { type: 'button', 'data-action': 'run', 'aria-keyshortcuts': 'Control+Enter' }, 'Run'),
    h('button', { type: 'button', 'data-action': 'stop', hidden: true }, 'Stop'),
    h('button', { type: 'button', 'data-action': 'reset' }, 'Reset'),
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
      node('div', { className: ['ex-bar'], role: 'toolbar', 'aria-label': `${label}: controls` }, [], bar),
      node('div', { className: ['ex-output'], 'data-role': 'output', 'data-state': 'idle', role: 'status', 'aria-live': 'polite' }, [], []),
    ],
  );
}
