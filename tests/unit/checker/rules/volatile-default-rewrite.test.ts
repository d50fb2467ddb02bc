/** The volatile-default-rewrite rule against its fixtures (tests/fixtures/checker/rules/volatile-default-rewrite/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('volatile-default-rewrite');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { observed } from './observed.ts';

describe('volatile-default-rewrite', () => {
  const existingTables = new Set(['Post']);
  const rule = async (sql: string, options = {}) =>
    (await lintMigration(`SET lock_timeout = '5s';\n${sql}`, { existingTables, ...options })).filter(
      (f) => f.rule === 'volatile-default-rewrite',
    );

  it('uses the observed rewrite when traced', async () => {
    const [finding] = await rule('ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "token" TEXT DEFAULT md5(random()::text);', {
      trace: [observed(2, [['Post', 'AccessExclusiveLock']], ['Post'])],
    });
    expect(finding!.message).toContain('rewrote "Post" (observed)');
    expect(finding!.message).toContain('random() is volatile');
  });

  it('a serial column rewrites too', async () => {
    expect(await rule('ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "n" SERIAL;')).toHaveLength(1);
  });

  it('before PostgreSQL 11 any default rewrites', async () => {
    const [finding] = await rule('ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "views" INTEGER DEFAULT 0;', { postgresMajor: 10 });
    expect(finding!.message).toContain('PostgreSQL 10');
    expect(await rule('ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "views" INTEGER DEFAULT 0;')).toEqual([]);
  });
});

describe('volatile-default-rewrite and functions it does not know', () => {
  const sql = 'SET lock_timeout = \'5s\';\nALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "code" TEXT DEFAULT make_code();';
  const rule = async (trace?: ReturnType<typeof observed>[]) =>
    (await lintMigration(sql, { existingTables: new Set(['Post']), ...(trace ? { trace } : {}) })).filter(
      (f) => f.rule === 'volatile-default-rewrite',
    );

  it('are not guessed at without a trace', async () => {
    expect(await rule()).toEqual([]);
  });

  it('are reported when the tracer saw the rewrite', async () => {
    const [finding] = await rule([observed(2, [['Post', 'AccessExclusiveLock']], ['Post'])]);
    expect(finding!.message).toContain('rewrote "Post" (observed)');
  });

  it('stay silent when the tracer saw no rewrite', async () => {
    expect(await rule([observed(2, [['Post', 'AccessExclusiveLock']], [])])).toEqual([]);
  });
});
