/**
 * The named setups' SQL, bundled with the example controller instead of printed in every page: a
 * chapter repeats the same few setups under many examples, and a reader who never opens one or
 * presses Run should not pay for them (the Setup section is filled when the controller attaches).
 */
const FIXTURES = import.meta.glob<string>('/content/fixtures/*.sql', { query: '?raw', import: 'default', eager: true });

/** The SQL a `setup="a,b"` example starts from, as the build joined it (src/lib/guide/fixtures.ts). */
export function setupSqlOf(names: string | undefined): string {
  if (!names) return '';
  return names
    .split(',')
    .map((name) => {
      const sql = FIXTURES[`/content/fixtures/${name}.sql`];
      if (sql === undefined) throw new Error(`live example names an unknown setup "${name}"`);
      return sql.trimEnd();
    })
    .join('\n');
}
