// The wasm-bindgen glue of @guanmingchiu/sqlparser-ts, reached through an alias (astro.config.mjs):
// the package exports only its Node-and-window entry point.
declare module 'sqlparser-wasm-glue' {
  export default function init(input: { module_or_path: string | URL }): Promise<unknown>;
  /** Throws sqlparser's error (a string or an object with `message`) when `sql` does not parse. */
  export function validate_sql(dialect: string, sql: string): boolean;
}
