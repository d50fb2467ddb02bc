import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Highlighted code gives every token its own span, so `CREATE TABLE` is two spans of the same colour
 * (and the same class). Joining neighbours that share a class, with the blank between them, draws the
 * same thing in fewer bytes: chapters are mostly code, and every page's bytes count before any click.
 *
 *   in:  <span class="k">CREATE</span><span class="k"> TABLE</span> <span class="k">IF</span>
 *   out: <span class="k">CREATE TABLE IF</span>
 */
export function rehypeMergeTokens() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
      node.children = mergeRuns(node.children);
    });
  };
}

/** A span whose only content is text, with a class and nothing else that could tell it apart. */
function tokenClass(node: ElementContent | undefined): string | undefined {
  if (node?.type !== 'element' || node.tagName !== 'span') return undefined;
  const keys = Object.keys(node.properties);
  // Shiki writes `class` as is, hast's own tools `className`: either, alone.
  if (keys.length !== 1 || (keys[0] !== 'class' && keys[0] !== 'className')) return undefined;
  if (!node.children.every((child) => child.type === 'text')) return undefined;
  return String(node.properties[keys[0]]);
}

const text = (node: Element) => node.children.map((child) => (child as Text).value).join('');
const isBlank = (node: ElementContent | undefined): node is Text => node?.type === 'text' && /^[ \t]*$/.test(node.value);

function mergeRuns(children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (let i = 0; i < children.length; i += 1) {
    const node = children[i]!;
    const last = out[out.length - 1];
    const cls = tokenClass(node);
    if (cls !== undefined && last?.type === 'element' && tokenClass(last) === cls) {
      last.children = [{ type: 'text', value: text(last) + text(node as Element) }];
      continue;
    }
    // A blank between two spans of one class joins them (a blank has no colour of its own).
    if (isBlank(node) && last?.type === 'element' && tokenClass(last) !== undefined && tokenClass(children[i + 1]) === tokenClass(last)) {
      last.children = [{ type: 'text', value: text(last) + node.value + text(children[i + 1] as Element) }];
      i += 1;
      continue;
    }
    out.push(cls !== undefined ? ({ ...node, children: [{ type: 'text', value: text(node as Element) }] } as Element) : node);
  }
  return out;
}
