import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { mdxjs } from 'micromark-extension-mdxjs';
import { visit } from 'unist-util-visit';

export interface ChapterStats {
  /** Minutes to read the prose and try the examples, rounded up. */
  readingMinutes: number;
  liveExamples: number;
  labs: number;
}

/** Prose read at this pace; each live example and lab adds the time to read its code and run it. */
const WORDS_PER_MINUTE = 220;
const MINUTES_PER_EXAMPLE = 0.5;
const MINUTES_PER_LAB = 2;

/**
 * What the home page's chapter cards say, computed from the chapter's MDX at build time, so no
 * count is ever typed by hand. A live example is a block the page builds as one (see
 * remark-live-sql: every sql block, a javascript block with meta); a lab is a <PrismaLab />.
 */
export function chapterStats(mdx: string): ChapterStats {
  const tree = fromMarkdown(mdx, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] });
  let words = 0;
  let liveExamples = 0;
  let labs = 0;
  visit(tree, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode') words += node.value.split(/\s+/).filter(Boolean).length;
    else if (node.type === 'code' && (node.lang === 'sql' || (node.lang === 'javascript' && Boolean(node.meta)))) liveExamples += 1;
    else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'PrismaLab') labs += 1;
  });
  const minutes = words / WORDS_PER_MINUTE + liveExamples * MINUTES_PER_EXAMPLE + labs * MINUTES_PER_LAB;
  return { readingMinutes: Math.max(1, Math.ceil(minutes)), liveExamples, labs };
}
