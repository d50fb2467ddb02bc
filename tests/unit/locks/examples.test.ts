/**
 * Every live example of the guide, traced from its setup on PGlite: the trace must tell the same
 * story as the Run (which statements succeeded, which failed and with which SQLSTATE), and a
 * batch's trace must leave the database as it found it. Prints the warm Run's time beside the
 * trace's, since the trace runs after the result is shown and its cost is reported on its own.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveExample } from '../../../src/lib/guide/examples.ts';
import { guideExamples } from '../../support/guide-examples.ts';
import { traceScript } from '../../../src/lib/locks/trace.ts';
import { DatabaseSession, runScript } from '../../../src/lib/sql-runtime/session.ts';

const examples = guideExamples();

let db: PGlite;
let session: DatabaseSession;
const timings: { id: string; statements: number; runMs: number; traceMs: number; overheadMs: number }[] = [];

beforeAll(async () => {
  db = await PGlite.create();
  session = new DatabaseSession(db);
});
afterAll(async () => {
  await db.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  const lines = timings.map(
    (t) => `| ${t.id} | ${t.statements} | ${t.runMs.toFixed(1)} ms | ${t.traceMs.toFixed(1)} ms | ${t.overheadMs.toFixed(1)} ms |`,
  );
  console.log(
    [
      '| example | statements | warm Run | trace | of which catalog reads |',
      ...lines,
      `| median | | ${median(timings.map((t) => t.runMs)).toFixed(1)} ms | ${median(timings.map((t) => t.traceMs)).toFixed(1)} ms | ${median(timings.map((t) => t.overheadMs)).toFixed(1)} ms |`,
    ].join('\n'),
  );
});

/** A Run's statement outcome in the trace's terms: work a failed batch rolled back did succeed. */
const outcome = (status: string, code?: string) => code ?? (status === 'rolled-back' ? 'ok' : status);

/** The catalog, to see that a batch's trace left it unchanged. */
const catalog = async () =>
  (
    await runScript(
      db,
      `SELECT string_agg(relname || ':' || relfilenode, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      {
        mode: 'batch',
      },
    )
  ).statements[0]?.result?.rows[0]?.[0];

describe('the trace of every guide example agrees with its Run', () => {
  it.each(examples.map((example) => [example.id, example] as const))('%s', async (id: string, example: LiveExample) => {
    const state = { key: `${id}:setup`, setup: example.setupSql, history: [] };
    await session.prepare(state);
    // Warm: the same Run once before the one that is timed, as a reader's second click.
    await runScript(db, example.sql, { mode: example.mode, continueOnError: example.continueOnError });
    session.invalidate();
    await session.prepare(state);
    const run = await runScript(db, example.sql, { mode: example.mode, continueOnError: example.continueOnError });
    session.invalidate();
    await session.prepare(state);
    const before = await catalog();
    const trace = await traceScript(db, example.sql, { mode: example.mode, continueOnError: example.continueOnError });
    session.invalidate();

    // Which statements succeeded, and the errors in order. (A batch that does not parse is shown by
    // the Run with its error on the first statement; the trace puts it on the statement it points into.)
    const succeeded = (statements: { status: string; error?: { code: string } }[]) =>
      statements.flatMap((s, index) => (outcome(s.status, s.error?.code) === 'ok' ? [index] : []));
    const errors = (statements: { error?: { code: string } }[]) => statements.flatMap((s) => (s.error ? [s.error.code] : []));
    expect(succeeded(trace.statements)).toEqual(succeeded(run.statements));
    expect(errors(trace.statements)).toEqual(errors(run.statements));
    expect(trace.statements).toHaveLength(run.statements.length);
    if (!trace.changedDatabase) expect(await catalog()).toBe(before);
    for (const statement of trace.statements) for (const lock of statement.locks) expect(lock.relation).not.toMatch(/^pg_|^\d+$/);
    timings.push({ id, statements: trace.statements.length, runMs: run.elapsedMs, traceMs: trace.elapsedMs, overheadMs: trace.overheadMs });
  });
});
