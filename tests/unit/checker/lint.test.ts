/**
 * The lint against a corpus of migrations (good, bad, tricky): each fixture's first line declares
 * the findings it must produce, as rule@line, or none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../src/lib/checker/lint.ts';

const DIR = join(import.meta.dirname, '../../fixtures/checker');
const fixtures = readdirSync(DIR).filter((name) => name.endsWith('.sql'));

describe('lint corpus', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(12));

  for (const name of fixtures) {
    it(name, async () => {
      const sql = readFileSync(join(DIR, name), 'utf8');
      const header = /^-- expect: (.*)$/m.exec(sql.split('\n')[0] ?? '');
      expect(header, `${name} must start with "-- expect: …"`).not.toBeNull();
      const expected = header![1]!.trim() === 'none' ? [] : header![1]!.trim().split(/\s+/);
      const found = (await lintMigration(sql)).map((finding) => `${finding.rule}@${finding.line}`);
      expect(found.sort()).toEqual(expected.sort());
    });
  }

  it('every finding explains itself', async () => {
    const [finding] = await lintMigration('ALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL DEFAULT \'\';');
    expect(finding).toMatchObject({ rule: 'unguarded-ddl', severity: 'warning', line: 1 });
    expect(finding!.message).toContain('42701');
  });
});
