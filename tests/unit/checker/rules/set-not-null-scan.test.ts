/** The set-not-null-scan rule against its fixtures (tests/fixtures/checker/rules/set-not-null-scan/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('set-not-null-scan');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';

describe('set-not-null-scan by PostgreSQL version', () => {
  const sql =
    'SET lock_timeout = \'5s\';\nALTER TABLE "Post" ADD CONSTRAINT "c" CHECK ("title" IS NOT NULL) NOT VALID;\nALTER TABLE "Post" VALIDATE CONSTRAINT "c";\nALTER TABLE "Post" ALTER COLUMN "title" SET NOT NULL;';
  const rule = async (postgresMajor: number) =>
    (await lintMigration(sql, { existingTables: new Set(['Post']), postgresMajor })).filter((f) => f.rule === 'set-not-null-scan');

  it('PostgreSQL 12+ uses the validated CHECK and skips the scan', async () => {
    expect(await rule(12)).toEqual([]);
  });

  it('PostgreSQL 11 scans anyway, and the message says there is no way around it', async () => {
    const [finding] = await rule(11);
    expect(finding!.message).toContain('PostgreSQL 11 has no way around the scan');
  });
});
