/** The constraint-not-valid rule against its fixtures (tests/fixtures/checker/rules/constraint-not-valid/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('constraint-not-valid');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { observed } from './observed.ts';

describe('constraint-not-valid with a trace', () => {
  it('names the lock the tracer saw', async () => {
    const sql =
      'SET lock_timeout = \'5s\';\n-- AddForeignKey\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");';
    const findings = await lintMigration(sql, {
      existingTables: new Set(['Post', 'User']),
      trace: [
        observed(3, [
          ['Post', 'ShareRowExclusiveLock'],
          ['User', 'ShareRowExclusiveLock'],
        ]),
      ],
    });
    expect(findings.map((f) => f.rule)).toEqual(['constraint-not-valid']);
    expect(findings[0]!.message).toContain('takes ShareRowExclusiveLock on "Post" (observed)');
  });
});
