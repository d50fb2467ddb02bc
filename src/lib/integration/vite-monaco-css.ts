import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0monaco-css:';

/**
 * Monaco's editor API module creates diff editors too, so its import pulls in both diff editor
 * widgets (~50 KB gz) that the guide never opens. They become classes that refuse to be built:
 * the SQL editor's subclass still loads, and a diff editor created by mistake fails loudly.
 */
const NEVER_USED = [
  ['/browser/widget/diffEditor/diffEditorWidget.js', 'DiffEditorWidget'],
  ['/browser/widget/multiDiffEditor/multiDiffEditorWidget.js', 'MultiDiffEditorWidget'],
] as const;

/**
 * Astro hoists every CSS file reachable from a page script, dynamic imports included, into each
 * page's <head>: Monaco's ~120 stylesheets would become render-blocking CSS on every page for
 * readers who never edit. This turns Monaco's CSS imports into modules that inject their text
 * when Monaco's chunk runs. The virtual id must not end in `.css`, or Vite's CSS pipeline claims it.
 */
export function monacoCssAsJs(): Plugin {
  return {
    name: 'migration-field-guide:monaco-css',
    enforce: 'pre',
    transform(_code, id) {
      if (!id.includes('/monaco-editor/')) return null;
      const stub = NEVER_USED.find(([path]) => id.endsWith(path));
      if (!stub) return null;
      return { code: `export class ${stub[1]} { constructor() { throw new Error('The guide has no diff editor.'); } }`, map: null };
    },
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.css') || !importer.includes('/monaco-editor/')) return null;
      const path = resolve(dirname(importer.replace(PREFIX, '')), source);
      return `${PREFIX}${path}.js`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const path = id.slice(PREFIX.length, -'.js'.length);
      const imports: string[] = [];
      const parts: string[] = [];
      let last = 0;
      const css = readFileSync(path, 'utf8');
      // Relative url()s (the codicon font) must become emitted assets, or they would resolve
      // against the page instead of Monaco's folder.
      for (const match of css.matchAll(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g)) {
        const name = `asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(resolve(dirname(path), match[2] as string) + '?url')};`);
        parts.push(JSON.stringify(css.slice(last, match.index)), `'url("' + ${name} + '")'`);
        last = match.index + match[0].length;
      }
      parts.push(JSON.stringify(css.slice(last)));
      return [
        ...imports,
        `const css = ${parts.join(' + ')};`,
        `if (typeof document !== 'undefined') {`,
        `  const style = document.createElement('style');`,
        `  style.dataset.monaco = '';`,
        `  style.textContent = css;`,
        `  document.head.append(style);`,
        `}`,
      ].join('\n');
    },
  };
}
