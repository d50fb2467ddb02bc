/**
 * The layers of the house, top to bottom, in one place: the import-rule test and the graph script
 * read this, and README's Architecture section describes it. A file may import its own group, and any
 * group in a layer below its own; never a layer above. Inside a layer, groups may import each other
 * without a cycle between groups, except where `isolated` (widgets stay apart: what two widgets share
 * is a widget part). A file no group claims is an error, so a new folder has to be placed here.
 *
 * `paths` are prefixes (a folder ends with '/') or whole files; the longest match decides, so a
 * widget's folder (src/widgets/<name>/) can hold its markup and its element, which belong to the
 * layers above it, and its contract, which every layer may read.
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
      { name: 'components', paths: ['src/components/', 'src/widgets/prisma-lab/PrismaLab.astro'] },
      // The live example's markup is written by its remark plugin, kept in the widget's folder.
      { name: 'markdown', paths: ['src/lib/markdown/', 'src/widgets/live-example/remark-live-sql.ts'] },
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
      // Each widget's custom element loads with the page's first sign (or, for a lab, with a page that
      // has one) and loads the widget's controller on first use; the live example's early part ships
      // with every page and holds what a reader does before the element arrives.
      {
        name: 'elements',
        paths: [
          'src/widgets/live-example/live-sql-early.ts',
          'src/widgets/live-example/live-sql-element.ts',
          'src/widgets/live-example/editable-code.ts',
          'src/widgets/live-example/example-load-failure.ts',
          'src/widgets/live-example/saved-edits-gate.ts',
          'src/widgets/prisma-lab/prisma-lab-element.ts',
        ],
      },
      // Opens a #share= link on any page by loading whichever widget the link is for.
      { name: 'open-shared', paths: ['src/lib/share/open-shared.ts'] },
    ],
  },
  {
    name: 'widgets',
    why: 'one interactive part of a page each; they never import one another',
    isolated: true,
    groups: [
      { name: 'live-example', paths: ['src/widgets/live-example/'] },
      { name: 'prisma-lab', paths: ['src/widgets/prisma-lab/'] },
      { name: 'check', paths: ['src/widgets/check/'] },
      { name: 'playground', paths: ['src/widgets/playground/'] },
      { name: 'search', paths: ['src/widgets/search/'] },
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
      // The output and lock views the live example, the lab, /check and /playground draw with.
      { name: 'views', paths: ['src/widgets/parts/'] },
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
    why: "text positions, statement splitting, version targets, limits, the example meta contract, the widgets' contracts",
    groups: [
      { name: 'sql-text', paths: ['src/lib/sql-runtime/text-lines.ts', 'src/lib/sql-runtime/split-statements.ts'] },
      { name: 'limits', paths: ['src/lib/sql-runtime/limits.ts'] },
      // Which extensions PGlite bundles and the one message for those it lacks: the CLI, /check and the worker share it.
      { name: 'extension-names', paths: ['src/lib/sql-runtime/extension-names.ts', 'src/lib/sql-runtime/extension-message.ts'] },
      { name: 'targets', paths: ['src/lib/execution/prisma-target.ts', 'src/lib/markdown/example-meta.ts'] },
      // Each widget's data-role/data-action names: its markup (build), element (page glue), controller and the tests import them.
      {
        name: 'widget-contracts',
        paths: [
          'src/widgets/contract-kit.ts',
          'src/widgets/live-example/contract.ts',
          'src/widgets/prisma-lab/contract.ts',
          'src/widgets/check/contract.ts',
          'src/widgets/playground/contract.ts',
          'src/widgets/search/contract.ts',
          'src/widgets/parts/contract.ts',
        ],
      },
    ],
  },
];

/** The folders (and files) the graph is drawn over. */
export const ROOTS = ['src', 'bin'];
