/** The concurrently-in-transaction rule against its fixtures (tests/fixtures/checker/rules/concurrently-in-transaction/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('concurrently-in-transaction');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';

describe("concurrently-in-transaction and the caller's own split", () => {
  const sql =
    'ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "slug" TEXT;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "Post_slug_idx" ON "Post"("slug");';
  const rules = async (sqlparserFallback?: boolean) =>
    (
      await lintMigration(sql, {
        prismaTarget: '7.4',
        existingTables: new Set(),
        ...(sqlparserFallback === undefined ? {} : { sqlparserFallback }),
      })
    ).map((f) => f.rule);

  it('a fallback the caller measured (splitAsPrisma) makes 7.4+ send one batch', async () => {
    expect(await rules(true)).toEqual(['concurrently-in-transaction']);
    expect(await rules(false)).toEqual([]);
    expect(await rules()).toEqual([]);
  });

  it('the 7.3 message names the batch', async () => {
    const [finding] = await lintMigration(sql, { prismaTarget: '7.3', existingTables: new Set() });
    expect(finding!.message).toContain('Prisma ≤ 7.3 sends it as one batch');
  });
});
