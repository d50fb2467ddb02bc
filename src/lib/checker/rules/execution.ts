/**
 * Whether Prisma 7.4+ falls back to sending a file as one batch: it splits a migration with
 * sqlparser (datafusion-sqlparser-rs 0.62, the same parser as @guanmingchiu/sqlparser-ts) and
 * sends the whole script at once when any statement fails to parse.
 *
 * In Node the package's own parser answers. In a browser worker its init() cannot run (it looks
 * for `window` and imports its glue by a path the bundler does not follow; the execution module
 * loads it through aliases), so there the answer comes from the statement kinds sqlparser 0.62 is
 * known to refuse (DO blocks, DROP INDEX CONCURRENTLY: measured, see the Prisma notes), unless the
 * caller passes what it measured (LintOptions.sqlparserFallback).
 */
import type { StatementInfo } from './types.ts';

const inNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

let ready: Promise<typeof import('@guanmingchiu/sqlparser-ts')> | undefined;

async function parser() {
  ready ??= import('@guanmingchiu/sqlparser-ts').then(async (module) => {
    await module.init();
    return module;
  });
  return ready;
}

/** The statements sqlparser 0.62 was measured to refuse. */
export const refusedBySqlparser = (statement: StatementInfo) =>
  statement.kind === 'DoStmt' || (statement.kind === 'DropStmt' && Boolean(statement.node.concurrent));

export async function sqlparserFallsBack(sql: string, statements: readonly StatementInfo[]): Promise<boolean> {
  if (!inNode()) return statements.some(refusedBySqlparser);
  const { parse } = await parser();
  try {
    parse(sql, 'postgresql');
    return false;
  } catch {
    return true;
  }
}
