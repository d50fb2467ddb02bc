/** The index-not-concurrently rule against its fixtures (tests/fixtures/checker/rules/index-not-concurrently/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('index-not-concurrently');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { observed } from './observed.ts';

describe('index-not-concurrently with a trace', () => {
  const sql = 'SET lock_timeout = \'5s\';\nCREATE INDEX IF NOT EXISTS "Post_title_idx" ON "Post"("title");';
  const existingTables = new Set(['Post']);
  const rule = async (trace: ReturnType<typeof observed>[]) =>
    (await lintMigration(sql, { existingTables, trace })).filter((f) => f.rule === 'index-not-concurrently');

  it('says the lock was observed when the tracer saw it', async () => {
    const [finding] = await rule([observed(2, [['Post', 'ShareLock']])]);
    expect(finding!.message).toContain('takes ShareLock on "Post" (observed)');
    expect(finding!.message).toContain('Blocks INSERT, UPDATE and DELETE');
  });

  it('says "expected, not observed" without a trace', async () => {
    const [finding] = await rule([]);
    expect(finding!.message).toContain('(expected, not observed)');
  });

  it('stays silent when the traced statement took no lock on the table (new in the same transaction)', async () => {
    expect(await rule([observed(2, [])])).toEqual([]);
  });

  it('falls back to the parse tree when the traced statement failed', async () => {
    const [finding] = await rule([{ ...observed(2, []), status: 'error' }]);
    expect(finding!.message).toContain('(expected, not observed)');
  });
});
