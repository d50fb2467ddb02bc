/**
 * Whether Prisma 7.4+ falls back to sending a file as one batch: it splits a migration with
 * sqlparser (datafusion-sqlparser-rs 0.62, the same parser as @guanmingchiu/sqlparser-ts) and
 * sends the whole script at once when any statement fails to parse (a DO block, DROP INDEX
 * CONCURRENTLY). Loaded only when the answer changes a finding: the parser is 600 KB of WASM.
 */
let ready: Promise<typeof import('@guanmingchiu/sqlparser-ts')> | undefined;

async function parser() {
  ready ??= import('@guanmingchiu/sqlparser-ts').then(async (module) => {
    await module.init();
    return module;
  });
  return ready;
}

export async function sqlparserFallsBack(sql: string): Promise<boolean> {
  const { parse } = await parser();
  try {
    parse(sql, 'postgresql');
    return false;
  } catch {
    return true;
  }
}
