import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { mdxjs } from 'micromark-extension-mdxjs';
import type { Code } from 'mdast';
import { visit } from 'unist-util-visit';
import type { ExampleMeta } from '../markdown/example-meta.ts';
import { parseExampleMeta } from '../markdown/parse-example-meta.ts';
import { chapterSlug, chapterUrl } from './chapter-slug.ts';

/** One live example as `dist/examples.json` and the outcome tests see it: setup resolved to SQL. */
export interface LiveExample extends ExampleMeta {
  page: string;
  anchor: string;
  setupSql: string;
  sql: string;
}

export interface ChapterSource {
  fileName: string;
  text: string;
}

/**
 * Reads live examples straight from the MDX sources, with the same meta parser the page build
 * uses, so tests and `examples.json` cannot disagree with what a reader sees.
 */
export function extractExamples(chapters: ChapterSource[], loadFixture: (name: string) => string): LiveExample[] {
  const examples: LiveExample[] = [];
  const pages = new Map<string, string>();
  for (const { fileName, text } of chapters) {
    const tree = fromMarkdown(text, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] });
    const page = chapterUrl(chapterSlug(fileName));
    visit(tree, 'code', (node: Code) => {
      if (node.lang !== 'sql') return;
      const meta = parseExampleMeta(node.meta ?? '');
      const previous = pages.get(meta.id);
      if (previous) throw new Error(`Example id "${meta.id}" is used in ${previous} and ${fileName}; ids must be unique.`);
      pages.set(meta.id, fileName);
      examples.push({
        ...meta,
        page,
        anchor: `ex-${meta.id}`,
        setupSql: meta.setup.map(loadFixture).join('\n'),
        sql: node.value,
      });
    });
  }
  return examples;
}
