/**
 * The rule corpus: tests/fixtures/checker/rules/<rule-id>/*.sql. Each fixture starts with
 * `-- expect: rule@line …` (every finding the whole lint must produce, or `none`) and may add
 * `-- options: {json}` (LintOptions; existingTables as an array) on the next line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMigration, type LintOptions } from '../../../../src/lib/checker/lint.ts';
import type { RuleId } from '../../../../src/lib/checker/rules/types.ts';

export const CORPUS = join(import.meta.dirname, '../../../fixtures/checker/rules');

export interface Fixture {
  name: string;
  sql: string;
  expected: string[];
  options: LintOptions;
}

export function readFixture(path: string): Fixture {
  const sql = readFileSync(path, 'utf8');
  const [first = '', second = ''] = sql.split('\n');
  const header = /^-- expect: (.*)$/.exec(first);
  if (!header) throw new Error(`${path} must start with "-- expect: …"`);
  const expected = header[1]!.trim() === 'none' ? [] : header[1]!.trim().split(/\s+/);
  const optionsLine = /^-- options: (.*)$/.exec(second);
  const raw = optionsLine ? (JSON.parse(optionsLine[1]!) as Record<string, unknown>) : {};
  const options: LintOptions = {
    ...raw,
    ...(Array.isArray(raw.existingTables) ? { existingTables: new Set(raw.existingTables as string[]) } : {}),
  } as LintOptions;
  return { name: path.split('/').at(-1)!, sql, expected, options };
}

export async function findingsOf(fixture: Fixture): Promise<string[]> {
  return (await lintMigration(fixture.sql, fixture.options)).map((f) => `${f.rule}@${f.line}`).sort();
}

/** One describe block per rule: every fixture matches its header, and the rule both fires and stays silent somewhere. */
export function ruleCorpus(rule: RuleId): void {
  const dir = join(CORPUS, rule);
  const fixtures = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => readFixture(join(dir, name)));
  describe(`${rule} corpus`, () => {
    it('has fixtures that fire and fixtures that stay silent', () => {
      expect(fixtures.some((f) => f.expected.some((e) => e.startsWith(`${rule}@`)))).toBe(true);
      expect(fixtures.some((f) => !f.expected.some((e) => e.startsWith(`${rule}@`)))).toBe(true);
    });
    for (const fixture of fixtures) {
      it(fixture.name, async () => {
        expect(await findingsOf(fixture)).toEqual([...fixture.expected].sort());
      });
    }
  });
}
