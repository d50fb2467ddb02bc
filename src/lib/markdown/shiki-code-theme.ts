import { createCssVariablesTheme, type ShikiTransformer } from 'shiki';
import { CODE_VARIABLE_PREFIX } from '../editor/code-palette.ts';

/**
 * Code colours come from CSS, not from inline styles: the palette (editor/code-palette.ts, whose
 * colours are global.css's `--code-*` properties) that the editor reads too. Shiki's CSS-variables theme names each token's role;
 * the transformer turns `style="color:var(--code-token-keyword)"` into `class="c-token-keyword"`,
 * which is shorter on every one of the thousands of spans a chapter has (and shorter still: TOKEN_CLASS).
 */
export const codeTheme = createCssVariablesTheme({ name: 'guide-code', variablePrefix: CODE_VARIABLE_PREFIX, fontStyle: true });

const TOKEN_COLOR = new RegExp(`^color:var\\(${CODE_VARIABLE_PREFIX}([a-z-]+)\\);?`);

/**
 * Two-letter classes for the roles a chapter's code is made of (thousands of spans: the full name
 * cost ~120-180 B gz a page). global.css colours each one; an unknown role keeps its long name.
 */
export const TOKEN_CLASS: Record<string, string> = {
  'token-keyword': 'tk',
  'token-string': 'ts',
  'token-string-expression': 'te',
  'token-constant': 'tn',
  'token-comment': 'tc',
  'token-parameter': 'tp',
  'token-function': 'tf',
  'token-punctuation': 'tu',
  'token-link': 'tl',
};

export function tokenClasses(): ShikiTransformer {
  return {
    name: 'guide:token-classes',
    pre(node) {
      delete node.properties.style;
    },
    // Lines need no wrapper of their own, and foreground-coloured tokens need no span at all.
    code(node) {
      node.children = node.children.flatMap((line) => (line.type === 'element' && line.tagName === 'span' ? line.children : [line]));
      node.children = node.children.flatMap((child) =>
        child.type === 'element' && String(child.properties.class) === 'c-foreground' && !child.properties.style ? child.children : [child],
      );
    },
    span(node) {
      const style = typeof node.properties.style === 'string' ? node.properties.style : '';
      const match = TOKEN_COLOR.exec(style);
      if (!match) return;
      this.addClassToHast(node, TOKEN_CLASS[match[1]!] ?? `c-${match[1]}`);
      const rest = style.slice(match[0].length);
      if (rest) node.properties.style = rest;
      else delete node.properties.style;
    },
  };
}
