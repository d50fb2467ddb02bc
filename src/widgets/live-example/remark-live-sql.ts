import type { Code, Parent, Root, RootContent } from 'mdast';
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  DEFAULT_TIMEOUT_MS,
  describeExpectations,
  describeVersionDifference,
  prismaTargetOf,
  type ExampleMeta,
} from '../../lib/markdown/example-meta.ts';
import { ExampleMetaError, parseExampleMeta } from '../../lib/markdown/parse-example-meta.ts';
import { PRISMA_TARGETS } from '../../lib/execution/prisma-target.ts';

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
 *   out: <live-sql id="ex-x" ...><div class="ex-head">…</div>
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

/**
 * The segmented control's markup contract (the lab draws its own with the same class): a radio group
 * of pills. Its own <form> scopes the radios' name, so every example can use the same short one
 * (a unique name per example cost ~140 B gz on an 18-example chapter); nothing in it can submit.
 */
function segmented(label: string, options: [string, string][], selected: string): Element {
  return h('form', [
    h(
      'div.segmented',
      { role: 'radiogroup', 'aria-label': label, 'data-role': 'mode' },
      options.map(([value, text]) =>
        h('label', [h('input', { type: 'radio', name: 'mode', value, checked: value === selected }), h('span', text)]),
      ),
    ),
  ]);
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
    // The title is right beside it: a name that does not repeat it keeps every example's markup shorter.
    h('a.ex-anchor', { href: `#ex-${meta.id}`, 'aria-label': 'Link to this example', 'data-action': 'copy-link' }),
  ];
  const setupChildren: unknown[] = setupSql
    ? [
        // Empty until the example's controller attaches (opening the section is enough): the SQL comes
        // with the controller (src/widgets/live-example/setup-fixtures.ts), not with every page that shows it.
        node('details', { className: ['ex-setup'] }, [], [h('summary', `Setup: ${meta.setup.join(', ')}`), h('pre')]),
      ]
    : [];
  // An example run as Prisma runs it switches between Prisma versions, not between raw modes.
  const modes: [string, string][] = prismaTargetOf(meta.mode)
    ? PRISMA_TARGETS.map((target) => [`prisma-${target.id}`, target.label])
    : [
        ['batch', 'One batch'],
        ['statements', 'Statement by statement'],
      ];
  const modeControl = segmented('Execution mode', modes, meta.mode);
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
    ...(script ? [] : [modeControl]),
    h('span.ex-state', { 'data-role': 'db-state' }, 'fresh'),
  ];
  return node(
    'live-sql',
    {
      id: `ex-${meta.id}`,
      className: ['ex'],
      // No data-mode / data-expect: the checked radio is the mode, the head says what to expect, and
      // nothing on the page read the copies (~70 B gz on a long chapter).
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
      node('div', { className: ['ex-bar'], role: 'toolbar', 'aria-label': 'Example controls' }, [], bar),
      node('div', { className: ['ex-output'], 'data-role': 'output', 'data-state': 'idle', role: 'status', 'aria-live': 'polite' }, [], []),
    ],
  );
}
