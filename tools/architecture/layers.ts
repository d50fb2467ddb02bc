/**
 * The layers of the house, top to bottom, in one place: the import-rule test and the graph script
 * read this, and README's Architecture section describes it. A file may import its own group, and any
 * group in a layer below its own; never a layer above. Inside a layer, groups may import each other
 * without a cycle between groups, except where `isolated` (widgets stay apart: what two widgets share
 * is a widget part). A file no group claims is an error, so a new folder has to be placed here.
 *
 * `paths` are prefixes (a folder ends with '/') or whole files; the longest match decides, so a
 * shared file may be placed apart from its folder until phase 2 moves widgets into folders of their own.
 */
export interface Group {
  name: string;
  paths: string[];
}

export interface Layer {
  name: string;
  why: string;
  isolated?: boolean;
  groups: Group[];
}

export const LAYERS: Layer[] = [
  {
    name: 'content',
    why: 'the chapters and their schema',
    groups: [{ name: 'content', paths: ['src/content.config.ts'] }],
  },
  {
    name: 'build',
    why: 'what runs at build time or on the command line: routes, shells, markdown plugins, integrations',
    groups: [
      { name: 'pages', paths: ['src/pages/'] },
      { name: 'components', paths: ['src/components/'] },
      { name: 'markdown', paths: ['src/lib/markdown/'] },
      { name: 'integration', paths: ['src/lib/integration/'] },
      { name: 'guide', paths: ['src/lib/guide/'] },
      { name: 'cli', paths: ['bin/'] },
    ],
  },
  {
    name: 'page glue',
    why: 'the script every page loads: it finds the widgets and loads them on interaction',
    groups: [
      { name: 'scripts', paths: ['src/scripts/'] },
      // Opens a #share= link on any page by loading whichever widget the link is for.
      { name: 'open-shared', paths: ['src/lib/share/open-shared.ts'] },
    ],
  },
  {
    name: 'widgets',
    why: 'one interactive part of a page each; they never import one another',
    isolated: true,
    groups: [
      { name: 'live', paths: ['src/lib/live/'] },
      { name: 'lab-ui', paths: ['src/lib/lab-ui/'] },
      { name: 'check-page', paths: ['src/lib/checker/check-page.ts', 'src/lib/checker/lint-client.ts'] },
      { name: 'playground', paths: ['src/lib/playground/'] },
      { name: 'bench-page', paths: ['src/lib/bench/'] },
    ],
  },
  {
    name: 'widget parts',
    why: 'what several widgets use: the editor, DOM helpers, output and lock views, share links and drafts',
    groups: [
      { name: 'editor', paths: ['src/lib/editor/'] },
      { name: 'dom', paths: ['src/lib/dom/'] },
      { name: 'share', paths: ['src/lib/share/'] },
      { name: 'output-view', paths: ['src/lib/live/render-output.ts'] },
      { name: 'locks-view', paths: ['src/lib/live/render-locks.ts'] },
    ],
  },
  {
    name: 'engine entry',
    why: 'the worker and its client: every message (protocol.ts) and the session that drives the engines',
    groups: [
      { name: 'sql-runtime', paths: ['src/lib/sql-runtime/'] },
      // The checker's own entries: its command line, the worker thread that runs migrations, the lint worker.
      {
        name: 'checker-entries',
        paths: [
          'src/lib/checker/cli.ts',
          'src/lib/checker/cli-runner.ts',
          'src/lib/checker/cli-worker.ts',
          'src/lib/checker/cli-worker.mjs',
          'src/lib/checker/lint-worker.ts',
        ],
      },
    ],
  },
  {
    name: 'engines',
    why: 'no-DOM cores the worker, the CLI and the tests share',
    groups: [
      { name: 'prisma-lab', paths: ['src/lib/prisma-lab/'] },
      { name: 'checker', paths: ['src/lib/checker/'] },
      { name: 'locks', paths: ['src/lib/locks/'] },
      { name: 'execution', paths: ['src/lib/execution/'] },
    ],
  },
  {
    name: 'database primitives',
    why: 'talking to PostgreSQL over its wire protocol, what a run returns, what stayed committed, state restore',
    groups: [
      {
        name: 'database',
        paths: [
          'src/lib/sql-runtime/wire.ts',
          'src/lib/sql-runtime/results.ts',
          'src/lib/sql-runtime/commit-ledger.ts',
          'src/lib/sql-runtime/result-caps.ts',
          'src/lib/sql-runtime/state-restore.ts',
          'src/lib/sql-runtime/empty-database.ts',
        ],
      },
    ],
  },
  {
    name: 'shared pure helpers',
    why: 'text positions, statement splitting, version targets, limits, the example meta contract',
    groups: [
      { name: 'sql-text', paths: ['src/lib/sql-runtime/text-lines.ts', 'src/lib/sql-runtime/split-statements.ts'] },
      { name: 'limits', paths: ['src/lib/sql-runtime/limits.ts'] },
      { name: 'targets', paths: ['src/lib/execution/prisma-target.ts', 'src/lib/markdown/example-meta.ts'] },
    ],
  },
];

/** The folders (and files) the graph is drawn over. */
export const ROOTS = ['src', 'bin'];
