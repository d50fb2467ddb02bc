/** The unique-constraint-direct rule against its fixtures (tests/fixtures/checker/rules/unique-constraint-direct/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('unique-constraint-direct');

import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';

describe('unique-constraint-direct', () => {
  it('a PRIMARY KEY added to an existing table builds its index the same way', async () => {
    const findings = await lintMigration('-- AddPrimaryKey\nALTER TABLE "Post" ADD CONSTRAINT "Post_pkey" PRIMARY KEY ("id");', {
      existingTables: new Set(['Post']),
      severities: { 'missing-lock-timeout': 'off' },
    });
    expect(findings.map((f) => f.rule)).toEqual(['unique-constraint-direct']);
    expect(findings[0]!.message).toContain('PRIMARY KEY');
  });
});
