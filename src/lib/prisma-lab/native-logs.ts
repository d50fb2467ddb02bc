/**
 * `_prisma_migrations.logs` as the native engine writes it. The WASM engine stores its connector's
 * wording ("external connector error …"); native Prisma stores `err.to_string()` of the P3018
 * error: the P3018 message, then the engine's span trace. The deploy-logs chapter sends readers to
 * this column, so the lab rewrites the failed row with the native text right after the failure.
 */
import type { LabDatabase } from './lab-database.ts';

/** The engine's span trace from the WASM text, without the frames only the WASM build has. */
export function spanTrace(wasmLogs: string): string {
  const lines = wasmLogs.split('\n');
  const first = lines.findIndex((line) => /^\s+0: /.test(line));
  if (first < 0) return '';
  const frames: string[][] = [];
  for (const line of lines.slice(first)) {
    if (/^\s+\d+: /.test(line)) frames.push([line]);
    else frames.at(-1)?.push(line);
  }
  return frames
    .filter((frame) => !frame[0]!.includes('schema_engine_wasm'))
    .map((frame, i) => [frame[0]!.replace(/^(\s+)\d+: /, `$1${i}: `), ...frame.slice(1)].join('\n'))
    .join('\n');
}

/**
 * The row the failed attempt left (the newest unfinished one with logs): its logs become the
 * native text. When the engine could not write logs (a script that left its own transaction
 * aborted), native Prisma leaves them NULL too, and so does this.
 */
export async function writeNativeLogs(database: LabDatabase, migrationName: string, p3018Message: string): Promise<void> {
  let found;
  try {
    found = await database.query(
      `SELECT id, logs FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL AND logs IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
      [migrationName],
    );
  } catch {
    return;
  }
  const [id, logs] = found.rows[0] ?? [];
  if (!id) return;
  const trace = spanTrace(logs ?? '');
  await database.query('UPDATE _prisma_migrations SET logs = $1 WHERE id = $2', [trace ? `${p3018Message}\n${trace}` : p3018Message, id]);
}
