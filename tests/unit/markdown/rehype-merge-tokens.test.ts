import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { rehypeMergeTokens } from '../../../src/lib/markdown/rehype-merge-tokens.ts';

const merge = (html: string) => {
  const tree = fromHtml(html, { fragment: true });
  rehypeMergeTokens()(tree);
  return toHtml(tree);
};

describe('rehypeMergeTokens', () => {
  it('joins neighbouring spans of one class, with the blank between them', () => {
    expect(merge('<pre><code><span class="k">CREATE</span><span class="k"> TABLE</span> <span class="k">IF</span> x</code></pre>')).toBe(
      '<pre><code><span class="k">CREATE TABLE IF</span> x</code></pre>',
    );
  });

  it('keeps spans of different classes, spans with other attributes and code outside <pre> apart', () => {
    const kept = [
      '<pre><code><span class="k">SELECT</span> <span class="s">\'a\'</span></code></pre>',
      '<pre><code><span class="k" style="color:red">A</span><span class="k">B</span></code></pre>',
      '<p><code><span class="k">A</span><span class="k">B</span></code></p>',
      '<pre><code><span class="k">A</span>\n<span class="k">B</span></code></pre>',
    ];
    for (const html of kept) expect(merge(html)).toBe(html);
  });

  it('changes no character of the code', () => {
    const html =
      '<pre><code><span class="c">-- a</span>\n<span class="k">ALTER</span><span class="k"> TABLE</span> t <span class="k">ADD</span>\t<span class="k">COLUMN</span> c;</code></pre>';
    const text = (s: string) => s.replace(/<[^>]+>/g, '');
    expect(text(merge(html))).toBe(text(html));
  });
});
