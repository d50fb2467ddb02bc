// What the build shows for the contract beyond a Run: an example whose outcome differs by
// PostgreSQL major says both under its code, and only those examples do.
import { describe, expect, it } from 'vitest';
import type { Element } from 'hast';
import { builtPages, elements } from './built-site.ts';
import { guideExamples } from '../support/guide-examples.ts';
import { describeVersionDifference } from '../../src/lib/markdown/example-meta.ts';

/** The text of an element, as a reader sees it. */
function text(element: Element): string {
  return element.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? text(child) : '')).join('');
}

const pages = new Map(builtPages().map((page) => [page.url, page]));
const examples = guideExamples();

describe('version lines in dist/', () => {
  it('some example declares an outcome per major', () => {
    expect(examples.some((example) => example.expectByMajor)).toBe(true);
  });

  it.each(examples.map((example) => [example.id, example] as const))('%s shows a version line exactly when it declares one', (_id, example) => {
    const page = pages.get(example.page);
    expect(page, example.page).toBeDefined();
    const [element] = elements(page!.tree, (el) => el.properties.id === example.anchor);
    expect(element, example.anchor).toBeDefined();
    const lines = elements({ type: 'root', children: [element!] }, (el) => el.properties.dataRole === 'versions').map(text);
    const expected = describeVersionDifference(example);
    expect(lines).toEqual(expected ? [expected] : []);
  });
});
