/** The missing-lock-timeout rule against its fixtures (tests/fixtures/checker/rules/missing-lock-timeout/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('missing-lock-timeout');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { observed } from './observed.ts';

describe('missing-lock-timeout with a trace', () => {
  const sql = 'CREATE INDEX IF NOT EXISTS "Post_title_idx" ON "Post"("title");\nALTER TABLE "Post" ALTER COLUMN "title" SET DEFAULT \'\';';
  const rule = async (trace: ReturnType<typeof observed>[]) =>
    (
      await lintMigration(sql, {
        existingTables: new Set(['Post']),
        trace,
        severities: { 'index-not-concurrently': 'off', 'missing-lock-timeout': 'info' },
      })
    ).filter((f) => f.rule === 'missing-lock-timeout');

  it('reports the first statement the tracer saw take ACCESS EXCLUSIVE', async () => {
    const [finding, ...rest] = await rule([observed(1, [['Post', 'ShareLock']]), observed(2, [['Post', 'AccessExclusiveLock']])]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 2, severity: 'info' });
    expect(finding!.message).toContain('(observed)');
  });

  it('a statement the tracer saw take a weaker lock does not count', async () => {
    expect(await rule([observed(1, [['Post', 'ShareLock']]), observed(2, [['Post', 'ShareUpdateExclusiveLock']])])).toEqual([]);
  });
});
