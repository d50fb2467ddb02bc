/**
 * The import graph of the project's own files, read with TypeScript's parser (not patterns): static
 * imports and re-exports, `import()` and `new URL('…', import.meta.url)` with a literal (how workers and
 * lazily loaded parts are reached), and the imports of .astro frontmatter and <script> blocks. Only
 * arrows between project files are kept; packages and Vite aliases are outside the house.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Arrow {
  from: string;
  to: string;
  /** 'static' | 'dynamic' (import()) | 'url' (new URL(…, import.meta.url)) */
  kind: 'static' | 'dynamic' | 'url';
  /** Type-only imports vanish from the bundle but still tie the files together, so they count. */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  arrows: Arrow[];
}

const SOURCE = /\.(ts|tsx|mts|mjs|js|astro)$/;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
}

/** The script parts of an .astro file: frontmatter and <script> bodies, as one TS text. */
export function astroScripts(text: string): string {
  const parts: string[] = [];
  const fence = text.match(/^\s*---\r?\n([\s\S]*?)\r?\n---/);
  if (fence) parts.push(fence[1]!);
  // The markup is HTML; only the bodies of script elements are code. Locating them is HTML work,
  // the imports inside are then read by the TypeScript parser like any other file.
  for (const block of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(block[1]!);
  return parts.join('\n;\n');
}

interface Specifier {
  text: string;
  kind: Arrow['kind'];
  typeOnly: boolean;
}

/** Every module specifier a source text names, found on its syntax tree. */
export function specifiers(fileName: string, text: string): Specifier[] {
  const code = fileName.endsWith('.astro') ? astroScripts(text) : text;
  const source = ts.createSourceFile(fileName.replace(/\.astro$/, '.ts'), code, ts.ScriptTarget.Latest, true);
  const found: Specifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      found.push({ text: node.moduleSpecifier.text, kind: 'static', typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ text: node.moduleSpecifier.text, kind: 'static', typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ text: node.argument.literal.text, kind: 'static', typeOnly: true });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) found.push({ text: first.text, kind: 'dynamic', typeOnly: false });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [first, second] = node.arguments ?? [];
      if (
        first &&
        ts.isStringLiteralLike(first) &&
        second &&
        ts.isPropertyAccessExpression(second) &&
        ts.isMetaProperty(second.expression) &&
        second.name.text === 'url'
      ) {
        found.push({ text: first.text, kind: 'url', typeOnly: false });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const TRY = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '.astro', '/index.ts', '/index.mjs'];

/** A relative specifier as a project file, or undefined (a package, an alias, an asset). */
export function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const bare = specifier.replace(/[?#].*$/, '');
  const base = resolve(dirname(fromFile), bare);
  for (const suffix of TRY) {
    const candidate = base + suffix;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  // `./x.js` written for a TypeScript file
  const asTs = base.replace(/\.js$/, '.ts');
  if (asTs !== base && existsSync(asTs)) return asTs;
  return undefined;
}

const posix = (path: string): string => path.split(sep).join('/');

/** The graph of every source file under `roots` (relative to `projectRoot`), paths in posix form. */
export function buildGraph(projectRoot: string, roots: string[]): ImportGraph {
  const absolute: string[] = [];
  for (const root of roots) {
    const dir = join(projectRoot, root);
    if (existsSync(dir)) {
      if (statSync(dir).isDirectory()) walk(dir, absolute);
      else absolute.push(dir);
    }
  }
  const inside = new Set(absolute);
  const arrows: Arrow[] = [];
  for (const file of absolute) {
    for (const spec of specifiers(file, readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, spec.text);
      if (!target || !SOURCE.test(target) || target === file) continue;
      if (!inside.has(target) && !target.startsWith(projectRoot)) continue;
      arrows.push({
        from: posix(relative(projectRoot, file)),
        to: posix(relative(projectRoot, target)),
        kind: spec.kind,
        typeOnly: spec.typeOnly,
      });
    }
  }
  const seen = new Set<string>();
  const unique = arrows.filter((arrow) => {
    const key = `${arrow.from}\0${arrow.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { files: absolute.map((file) => posix(relative(projectRoot, file))).sort(), arrows: unique };
}
