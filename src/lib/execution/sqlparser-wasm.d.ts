// The wasm-bindgen glue of @guanmingchiu/sqlparser-ts, reached through an alias (astro.config.mjs):
// the package exports only its Node-and-window entry point.
declare module 'sqlparser-wasm-glue' {
  export default function init(input: { module_or_path: string | URL }): Promise<unknown>;
  /** The statements' syntax trees; throws sqlparser's error (a string or an object with `message`). */
  export function parse_sql(dialect: string, sql: string): unknown;
}
