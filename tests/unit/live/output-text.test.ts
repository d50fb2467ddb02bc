import { describe, expect, it } from 'vitest';
import { commitSummary, describeNumbers, formatError, lineAndColumn } from '../../../src/widgets/parts/render-output.ts';
import { packRunResult, runTransfer, unpackRunResult } from '../../../src/lib/sql-runtime/run-result-wire.ts';
import type { RunResult, StatementResult } from '../../../src/lib/sql-runtime/protocol.ts';

function result(statements: StatementResult[], committed: number[], ok = false): RunResult {
  return { mode: 'statements', ok, statements, notices: [], openTransactionRolledBack: false, committed, elapsedMs: 1 };
}

describe('describeNumbers', () => {
  it('joins runs of three or more into ranges and keeps pairs apart', () => {
    expect(describeNumbers([1, 2, 3, 4, 7, 9, 10])).toBe('1–4, 7, 9, 10');
    expect(describeNumbers([1, 2])).toBe('1, 2');
  });
  it('stops after a few ranges and says how many numbers are left', () => {
    const odd = Array.from({ length: 100 }, (_, index) => index * 2 + 1);
    expect(describeNumbers(odd, 3)).toBe('1, 3, 5 and 97 more');
    expect(describeNumbers(Array.from({ length: 99_999 }, (_, index) => index + 1))).toBe('1–99,999');
  });
});

describe('commitSummary', () => {
  it('counts from `committed`, never transaction control, even for a statement that did not run', () => {
    const script = 'BEGIN;\nCREATE TABLE a();\nCOMMIT;\nCREATE TABLE b();\nSELEC 1;\nROLLBACK;';
    const at = (text: string) => ({ start: script.indexOf(text), end: script.indexOf(text) + text.length });
    const statements: StatementResult[] = [
      { ...at('BEGIN;'), status: 'ok', command: 'BEGIN' },
      { ...at('CREATE TABLE a();'), status: 'ok', command: 'CREATE TABLE' },
      { ...at('COMMIT;'), status: 'ok', command: 'COMMIT' },
      { ...at('CREATE TABLE b();'), status: 'ok', command: 'CREATE TABLE' },
      { ...at('SELEC 1;'), status: 'error' },
      { ...at('ROLLBACK;'), status: 'not-run' },
    ];
    expect(commitSummary(result(statements, [1, 3]), script)).toBe('Committed: statements 2, 4. Not committed: 5.');
  });
  it('a COMMIT answered with ROLLBACK leaves nothing committed when the worker says so', () => {
    const statements: StatementResult[] = [{ status: 'ok', command: 'BEGIN' }, { status: 'error' }, { status: 'ok', command: 'ROLLBACK' }];
    expect(commitSummary(result(statements, []), 'BEGIN; x; COMMIT;')).toBe('Nothing was committed. Not committed: 2.');
  });
  it('says nothing after a successful Run', () => {
    expect(commitSummary(result([{ status: 'ok', command: 'SELECT 1' }], [], true), 'SELECT 1')).toBeUndefined();
  });
});

describe('error position', () => {
  it('finds line and column without splitting the script', () => {
    expect(lineAndColumn('SELECT 1;\nSELEC 2;', 10)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn('abc', 2)).toEqual({ line: 1, column: 3 });
  });
  it('shows a window of a very long line around the error, with the caret under it', () => {
    const script = `${'x'.repeat(5_000)} SELEC ${'y'.repeat(5_000)}`;
    const text = formatError({ severity: 'ERROR', code: '42601', message: 'syntax error', position: 5_002 }, script);
    const [, line, caret] = text.split('\n');
    expect(line!.length).toBeLessThan(200);
    expect(line!.slice(caret!.indexOf('^'), caret!.indexOf('^') + 5)).toBe('SELEC');
  });
});

describe('run-result-wire', () => {
  it('passes small results through untouched', async () => {
    const small = result([{ status: 'ok', command: 'SELECT 1' }], [0], true);
    const packed = packRunResult(small);
    expect(packed.packed).toBeUndefined();
    expect(await unpackRunResult(packed)).toBe(small);
  });
  it('packs a long Run into JSON pieces and restores it exactly, Blobs included', async () => {
    const full = new Blob(['z'.repeat(3_000)]);
    const statements: StatementResult[] = Array.from({ length: 5_000 }, (_, index) => ({
      start: index * 10,
      end: index * 10 + 9,
      status: 'ok',
      command: 'SELECT 1',
      rowCount: 1,
    }));
    statements[4_321] = {
      status: 'ok',
      command: 'SELECT 1',
      result: { columns: ['v'], rows: [['z'.repeat(10)]], totalRows: 1, truncated: [{ row: 0, column: 0, length: 3_000, full }] },
    };
    const long = result(statements, [0, 1, 2]);
    // Notices travel in pieces of their own, after the statements'; text beyond ASCII decodes whole.
    long.notices = Array.from({ length: 600 }, (_, index) => ({ severity: 'NOTICE', code: '00000', message: `«${index}» — ✓` }));
    const packed = packRunResult(long);
    expect(packed.packed!.statementEnds).toHaveLength(20);
    expect(packed.result.statements).toEqual([]);
    const transfer = runTransfer(packed);
    expect(transfer).toEqual([packed.packed!.bytes]);
    const back = await unpackRunResult(structuredClone(packed, { transfer }));
    // Moved, not copied: the worker's buffer is now empty.
    expect(packed.packed!.bytes.byteLength).toBe(0);
    expect(back.statements).toHaveLength(5_000);
    expect(back.statements[17]).toEqual(statements[17]);
    const cut = back.statements[4_321]!.result!.truncated![0]!;
    expect(cut.full).toBeInstanceOf(Blob);
    expect(await cut.full!.text()).toBe('z'.repeat(3_000));
    expect(back.committed).toEqual([0, 1, 2]);
    expect(back.notices).toEqual(long.notices);
  });
});
