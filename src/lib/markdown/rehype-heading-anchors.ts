import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toText } from 'hast-util-to-text';
import { slug } from 'github-slugger';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const HEADING = /^h[2-4]$/;

/**
 * Gives every h2-h4 an id derived from its own text only, and a visible link anchor.
 *
 * Slugger-style "-1" suffixes would make an id depend on the headings above it, so a reviewer's
 * link could break when someone adds an unrelated section; a duplicate fails the build instead.
 *
 *   in:  <h2>Common Migration Issues</h2>
 *   out: <h2 id="common-migration-issues">Common Migration Issues<a class="heading-anchor"
 *          href="#common-migration-issues" aria-label="Link to section: Common Migration Issues"></a></h2>
 */
export function rehypeHeadingAnchors() {
  return (tree: Root, file: VFile) => {
    const seen = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      if (!HEADING.test(node.tagName)) return;
      const text = toText(node).trim();
      const id = typeof node.properties.id === 'string' ? node.properties.id : slug(text);
      if (!id) file.fail(`Heading "${text}" has no text to derive an anchor id from.`, node);
      if (seen.has(id)) file.fail(`Two headings on this page would share the id "${id}"; rename one.`, node);
      seen.add(id);
      node.properties.id = id;
      node.children.push(h('a.heading-anchor', { href: `#${id}`, 'aria-label': `Link to section: ${text}`, 'data-action': 'copy-link' }));
    });
  };
}
