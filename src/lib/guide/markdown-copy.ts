/**
 * A chapter as plain Markdown, for readers and tools that want text rather than a page (the
 * `/guide/<slug>.md` copies, `llms.txt`, `llms-full.txt`): Prisma's and Neon's docs serve the same.
 *
 * What a page shows by running has to survive as words here, or the copy would teach less than the
 * page: a live example keeps its SQL and gains a line with its declared outcome per Run (the outcome
 * `npm test` checks on PGlite and PostgreSQL), a lab becomes its list of commands with the exit code
 * and the line each must print, a correction keeps its title and source. Imports and expressions,
 * which mean nothing outside MDX, are dropped.
 */
import type { BlockContent, Code, DefinitionContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown, type MdxJsxAttribute, type MdxJsxFlowElement } from 'mdast-util-mdx';
import { toMarkdown } from 'mdast-util-to-markdown';
import { mdxjs } from 'micromark-extension-mdxjs';
import { PAGE_PG_MAJOR } from '../markdown/example-meta.ts';
import { parseExampleMeta } from '../markdown/parse-example-meta.ts';
import { PRISMA_TARGETS } from '../execution/prisma-target.ts';
import type { LabStep } from './lab-presets.ts';

export interface MarkdownCopyOptions {
  /** Absolute URL of the chapter's page, for links back to runnable examples. */
  pageUrl: string;
  /** A lab's title and steps by preset name. */
  lab: (preset: string) => { title: string; steps: LabStep[] };
}

type Block = BlockContent | DefinitionContent;

function attribute(node: MdxJsxFlowElement, name: string): string | undefined {
  const found = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
  return typeof found?.value === 'string' ? found.value : undefined;
}

const paragraph = (
  ...children: (
    | { type: 'text'; value: string }
    | { type: 'strong'; children: { type: 'text'; value: string }[] }
    | { type: 'inlineCode'; value: string }
    | { type: 'link'; url: string; children: { type: 'text'; value: string }[] }
  )[]
): Block => ({
  type: 'paragraph',
  children,
});
const text = (value: string) => ({ type: 'text' as const, value });

function liveExampleNote(code: Code, pageUrl: string): Block | undefined {
  if (code.lang !== 'sql' || !code.meta) return undefined;
  const meta = parseExampleMeta(code.meta);
  const runs = (expect: string[]) =>
    expect.map((outcome, i) => `Run ${i + 1}: ${outcome === 'ok' ? 'succeeds' : `fails with SQLSTATE ${outcome}`}`).join('; ');
  const sent = meta.expectByTarget
    ? 'as Prisma sends a migration file'
    : meta.mode === 'statements'
      ? 'statement by statement'
      : 'as one batch';
  const how = [meta.setup.length ? `setup: ${meta.setup.join(', ')}` : 'on an empty database', sent];
  const outcomes = meta.expectByTarget
    ? PRISMA_TARGETS.map((target) => `as ${target.label}, ${runs(meta.expectByTarget?.[target.id] ?? meta.expect)}`).join('. ')
    : [
        `${runs(meta.expect)}${meta.expectByMajor ? ` (PostgreSQL ${PAGE_PG_MAJOR})` : ''}`,
        ...Object.entries(meta.expectByMajor ?? {}).map(([major, expect]) => `on PostgreSQL ${major}, ${runs(expect)}`),
      ].join('. ');
  return paragraph(
    { type: 'strong', children: [text(`Live example${meta.title ? ` "${meta.title}"` : ''}`)] },
    text(` (${how.join('; ')}). Declared outcome, checked on PGlite and PostgreSQL: ${outcomes}. Run it: `),
    { type: 'link', url: `${pageUrl}#ex-${meta.id}`, children: [text(`#ex-${meta.id}`)] },
  );
}

function labBlocks(node: MdxJsxFlowElement, options: MarkdownCopyOptions): Block[] {
  const preset = attribute(node, 'preset');
  if (!preset) return [];
  const lab = options.lab(preset);
  const items = lab.steps.map((step) => ({
    type: 'listItem' as const,
    spread: false,
    children: [
      'command' in step
        ? paragraph(
            { type: 'inlineCode', value: step.command },
            text(` → exit ${step.exit}, prints "${step.output}"${step.note ? `. ${step.note}` : ''}`),
          )
        : paragraph(text(`Edit `), { type: 'inlineCode', value: step.edit }, text(`: ${step.label}${step.note ? `. ${step.note}` : ''}`)),
    ],
  }));
  return [
    paragraph(
      { type: 'strong', children: [text(`Prisma lab: ${lab.title}`)] },
      text(" (runs the real Prisma schema engine in the page; each step's exit code and output are checked with that engine):"),
    ),
    { type: 'list', ordered: true, spread: false, children: items },
  ];
}

function calloutBlocks(node: MdxJsxFlowElement, kind: string, options: MarkdownCopyOptions): Block[] {
  const title = attribute(node, 'title');
  const source = attribute(node, 'source');
  const body = node.children.flatMap((child) => convert(child as RootContent, options)) as Block[];
  const head = paragraph({ type: 'strong', children: [text(title ? `${kind}: ${title}` : kind)] });
  const tail = source
    ? [paragraph(text('Source: '), { type: 'link', url: source, children: [text(attribute(node, 'sourceLabel') ?? source)] })]
    : [];
  return [{ type: 'blockquote', children: [head, ...body, ...tail] }];
}

function convert(node: RootContent, options: MarkdownCopyOptions): RootContent[] {
  switch (node.type) {
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      return [];
    case 'mdxJsxTextElement':
      return node.children.flatMap((child) => convert(child as RootContent, options));
    case 'mdxJsxFlowElement':
      if (node.name === 'PrismaLab') return labBlocks(node, options);
      if (node.name === 'Correction') return calloutBlocks(node, 'Correction for Prisma 7', options);
      if (node.name === 'Tip') return calloutBlocks(node, 'Tip', options);
      return node.children.flatMap((child) => convert(child as RootContent, options));
    case 'link':
    case 'definition':
      // A copy is read away from the site: its links must say where they go.
      return [
        {
          ...node,
          url: node.url.startsWith('/') || node.url.startsWith('#') ? new URL(node.url, options.pageUrl).href : node.url,
        } as RootContent,
      ];
    case 'code': {
      const note = liveExampleNote(node, options.pageUrl);
      return note ? [{ ...node, meta: null }, note] : [node];
    }
    default:
      if ('children' in node && Array.isArray(node.children)) {
        return [{ ...node, children: (node.children as RootContent[]).flatMap((child) => convert(child, options)) } as RootContent];
      }
      return [node];
  }
}

/** `mdx` is the chapter's source without its frontmatter (what the content collection calls body). */
export function chapterMarkdown(title: string, description: string, mdx: string, options: MarkdownCopyOptions): string {
  const tree = fromMarkdown(mdx, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] });
  const root: Root = { type: 'root', children: tree.children.flatMap((child) => convert(child, options)) };
  const body = toMarkdown(root, { bullet: '-', fences: true, rule: '-' });
  return `# ${title}\n\n> ${description}\n\nSource page: ${options.pageUrl}\n\n${body}`;
}
