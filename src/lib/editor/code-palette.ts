/**
 * The one palette of SQL code. Its colours live once, as the `--code-*` custom properties of
 * global.css (light-dark() pairs chosen for WCAG AA); the static code reaches them through Shiki's
 * CSS-variables theme (markdown/shiki-code-theme.ts, built with this prefix) and the editor through
 * guideTheme() below, which reads the same properties from the page. So code keeps its colours when
 * it becomes editable, in both colour schemes, and a palette change is made in one place.
 */
export const CODE_VARIABLE_PREFIX = '--code-';

/** The roles Shiki's CSS-variables theme colours by (each one a `--code-token-<role>` property). */
export type TokenRole =
  | 'keyword'
  | 'string'
  | 'constant'
  | 'comment'
  | 'parameter'
  | 'function'
  | 'string-expression'
  | 'punctuation'
  | 'link';

/**
 * Monaco's SQL tokens (its pgsql grammar, see sql-language.ts) and the role Shiki gives the same
 * text: operators and data types are keywords there, quoted identifiers and string literals are
 * string expressions, numbers constants, built-in functions functions.
 */
export const MONACO_SQL_ROLES: Readonly<Record<string, TokenRole>> = {
  keyword: 'keyword',
  operator: 'keyword',
  string: 'string-expression',
  comment: 'comment',
  number: 'constant',
  predefined: 'function',
};

const variable = (name: string) => `var(${CODE_VARIABLE_PREFIX}${name})`;

/** A CSS colour as the page computes it (light-dark() resolved for `host`'s scheme), as #rrggbb. */
function resolveColor(host: Element, value: string): string | undefined {
  const probe = document.createElement('span');
  probe.style.color = value;
  probe.hidden = true;
  host.append(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  const channels = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(computed);
  if (!channels) return undefined;
  return `#${channels
    .slice(1, 4)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;
}

export interface EditorTheme {
  base: 'vs' | 'vs-dark';
  inherit: true;
  rules: { token: string; foreground: string }[];
  colors: Record<string, string>;
}

/**
 * The editor's theme for the scheme `host` is shown in, read from the palette. Each rule is given
 * with and without the grammar's `.sql` postfix: Monaco's stock themes have `.sql` rules of their
 * own, which would otherwise win.
 */
export function guideTheme(host: Element, dark: boolean): EditorTheme {
  const rules: EditorTheme['rules'] = [];
  for (const [token, role] of Object.entries(MONACO_SQL_ROLES)) {
    const color = resolveColor(host, variable(`token-${role}`));
    if (!color) continue;
    rules.push({ token, foreground: color.slice(1) }, { token: `${token}.sql`, foreground: color.slice(1) });
  }
  const foreground = resolveColor(host, variable('foreground'));
  const background = resolveColor(host, variable('bg'));
  if (foreground) rules.push({ token: '', foreground: foreground.slice(1) }, { token: 'identifier.sql', foreground: foreground.slice(1) });
  const colors: Record<string, string> = {};
  if (foreground) colors['editor.foreground'] = foreground;
  if (background) colors['editor.background'] = background;
  return { base: dark ? 'vs-dark' : 'vs', inherit: true, rules, colors };
}
