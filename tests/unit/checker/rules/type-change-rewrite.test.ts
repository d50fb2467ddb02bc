/** The type-change-rewrite rule against its fixtures (tests/fixtures/checker/rules/type-change-rewrite/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('type-change-rewrite');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { observed } from './observed.ts';

describe('type-change-rewrite with a trace', () => {
  const sql = 'SET lock_timeout = \'5s\';\nALTER TABLE "Post" ALTER COLUMN "title" TYPE TEXT;';
  const existingTables = new Set(['Post']);
  const rule = async (trace?: ReturnType<typeof observed>[]) =>
    (await lintMigration(sql, { existingTables, trace })).filter((f) => f.rule === 'type-change-rewrite');

  it('reports the observed rewrite', async () => {
    const [finding] = await rule([observed(2, [['Post', 'AccessExclusiveLock']], ['Post'])]);
    expect(finding!.message).toContain('rewrote "Post" (observed)');
    expect(finding!.message).not.toContain('expected');
  });

  it('stays silent when the tracer saw the table keep its storage (varchar(n) to text)', async () => {
    expect(await rule([observed(2, [['Post', 'AccessExclusiveLock']], [])])).toEqual([]);
  });

  it('hedges without a trace', async () => {
    const [finding] = await rule();
    expect(finding!.message).toContain('(expected, not observed)');
    expect(finding!.message).toContain('binary-compatible');
  });
});
