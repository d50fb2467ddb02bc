/**
 * The labs' starting files, bundled with the lab controller instead of printed in the page: only
 * the selected file is on show before the lab upgrades, and a reader who never opens the others
 * should not pay for their text in every visit's HTML (each hidden view names its source instead).
 */
const SOURCES = import.meta.glob<string>(['/content/labs/*/project/**/*', '/content/labs/_shared/*'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The text of `source`, a path under content/labs/ as the page names it (lib/guide/lab-presets.ts). */
export function labSourceText(source: string): string {
  const text = SOURCES[`/content/labs/${source}`];
  if (text === undefined) throw new Error(`lab names an unknown file "${source}"`);
  return text;
}
