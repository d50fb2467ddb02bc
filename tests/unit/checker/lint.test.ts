/**
 * The lint as a whole: the older corpus (each fixture's first line declares the findings it must
 * produce, as rule@line, or none), and what the lint owns rather than a rule: suppression
 * comments, severities from a config, links, Prisma's comments, and its speed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../../src/lib/checker/lint.ts';
import { RULES } from '../../../src/lib/checker/rules/index.ts';
import { RULE_INFO } from '../../../src/lib/checker/rules/catalog.ts';
import { RULE_IDS } from '../../../src/lib/checker/rules/types.ts';
import { bigMigration } from '../../fixtures/checker/big-migration.ts';

const DIR = join(import.meta.dirname, '../../fixtures/checker');
const fixtures = readdirSync(DIR).filter((name) => name.endsWith('.sql'));
const found = async (sql: string, options = {}) => (await lintMigration(sql, options)).map((f) => `${f.rule}@${f.line}`);

describe('lint corpus', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(12));

  for (const name of fixtures) {
    it(name, async () => {
      const sql = readFileSync(join(DIR, name), 'utf8');
      const header = /^-- expect: (.*)$/m.exec(sql.split('\n')[0] ?? '');
      expect(header, `${name} must start with "-- expect: …"`).not.toBeNull();
      const expected = header![1]!.trim() === 'none' ? [] : header![1]!.trim().split(/\s+/);
      expect((await found(sql)).sort()).toEqual(expected.sort());
    });
  }

  it('every finding explains itself and links to its section', async () => {
    const [finding] = await lintMigration('ALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL DEFAULT \'\';', {
      existingTables: new Set(),
    });
    expect(finding).toMatchObject({ rule: 'unguarded-ddl', severity: 'warning', line: 1, url: RULES['unguarded-ddl'].section });
    expect(finding!.message).toContain('42701');
  });
});

describe('the registry', () => {
  it('has one rule per id, each with its reason, its safe alternative and guide links', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    for (const [id, rule] of Object.entries(RULES)) {
      expect(rule.id).toBe(id);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.safe.length).toBeGreaterThan(20);
      expect(rule.section).toMatch(/^\/(guide|check)\//);
      expect(rule.example).toMatch(/^\/(guide|check)\//);
      const { check, ...info } = rule;
      expect(typeof check).toBe('function');
      expect(RULE_INFO[id as keyof typeof RULE_INFO]).toEqual(info);
    }
  });
});

describe('suppression comments', () => {
  const index = 'CREATE INDEX IF NOT EXISTS "Post_title_idx" ON "Post"("title");';
  const existingTables = new Set(['Post']);

  it('on the line before a statement: that statement only', async () => {
    const sql = `-- migration-field-guide-ignore index-not-concurrently\n${index}\n${index.replace('title', 'body').replace('title', 'body')}`;
    expect(await found(sql, { existingTables })).toEqual(['index-not-concurrently@3']);
  });

  it('at the top of the file, apart from the first statement: the whole file', async () => {
    const sql = `-- migration-field-guide-ignore index-not-concurrently, unguarded-ddl\n\n${index}\nCREATE INDEX "Post_body_idx" ON "Post"("body");`;
    expect(await found(sql, { existingTables })).toEqual([]);
  });

  it('an unknown rule id is itself a finding, and the known ids in the comment still apply', async () => {
    const sql = `-- migration-field-guide-ignore index-not-concurently, unguarded-ddl\nCREATE INDEX "Post_body_idx" ON "Post"("body");`;
    const findings = await lintMigration(sql, { existingTables });
    expect(findings.map((f) => `${f.rule}@${f.line}`)).toEqual(['unknown-ignored-rule@1', 'index-not-concurrently@2']);
    expect(findings[0]!.message).toContain('"index-not-concurently"');
  });
});

describe('options', () => {
  const sql = '-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");';

  it('links are paths unless the caller passes a site URL', async () => {
    const [plain] = await lintMigration(sql);
    expect(plain!.url).toBe(RULES['index-not-concurrently'].section);
    const [site] = await lintMigration(sql, { siteUrl: 'https://guide.internal.test/' });
    expect(site!.url).toBe(`https://guide.internal.test${RULES['index-not-concurrently'].section}`);
  });

  it('a config can change a severity or turn a rule off', async () => {
    expect((await lintMigration(sql, { severities: { 'index-not-concurrently': 'error' } }))[0]!.severity).toBe('error');
    expect(await lintMigration(sql, { severities: { 'index-not-concurrently': 'off' } })).toEqual([]);
  });

  it('the history decides: a table absent from existingTables is new, so nothing locks anyone', async () => {
    expect(await found(sql, { existingTables: new Set(['User']) })).toEqual([]);
    expect(await found(sql, { existingTables: new Set(['public.Post']) })).toEqual(['index-not-concurrently@2']);
  });
});

describe('Prisma-generated statements', () => {
  it('a Prisma comment right before a statement marks it, a comment elsewhere does not', async () => {
    const sql = '-- CreateTable\nCREATE TABLE "A" ("id" INTEGER);\n\n-- a note\nCREATE TABLE "B" ("id" INTEGER);';
    expect(await found(sql)).toEqual(['unguarded-ddl@5']);
  });

  it('finds the right lines after multi-byte text in comments and strings', async () => {
    const sql =
      '-- CreateTable\nCREATE TABLE "Ünïcödé" ("é" TEXT DEFAULT \'🙂🙂\');\n\n-- 🙂 hand-written\nCREATE TABLE "B" ("id" INTEGER);';
    expect(await found(sql)).toEqual(['unguarded-ddl@5']);
  });
});

describe('speed', () => {
  // The first version re-encoded the file's prefix for every statement: 1 MB took 14 s, 5 MB 444 s.
  // Linear work makes 4× the text cost about 4× the time; quadratic work would cost 16×.
  it('grows linearly with the file', async () => {
    await lintMigration('SELECT 1;');
    const time = async (bytes: number) => {
      const sql = bigMigration(bytes);
      const start = performance.now();
      await lintMigration(sql);
      return performance.now() - start;
    };
    const small = await time(256 * 1024);
    const large = await time(1024 * 1024);
    expect(large / small).toBeLessThan(8);
  }, 120_000);
});

describe('suppression comments with a reason', () => {
  it('ids end where the reason starts', async () => {
    const sql =
      '-- migration-field-guide-ignore index-not-concurrently -- the table has 40 rows\nCREATE INDEX IF NOT EXISTS "Post_title_idx" ON "Post"("title");';
    expect(await found(sql, { existingTables: new Set(['Post']) })).toEqual([]);
  });
});

describe('the registry stays light', () => {
  // /check imports the registry to list the rules; a parser import here would put libpg_query's
  // glue (about 60 KB) into the page before any interaction. The lint hands the parser to the rules.
  it('no rule module imports a parser', () => {
    const dir = join(import.meta.dirname, '../../../src/lib/checker/rules');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'execution.ts')) {
      const source = readFileSync(join(dir, name), 'utf8');
      expect(source, name).not.toMatch(/^import (?!type )[^;]*from '(libpg-query|@guanmingchiu\/sqlparser-ts)'/m);
    }
  });
});

describe('positions inside a statement', () => {
  it('a finding about one ADD COLUMN of several points at its line and column, after multi-byte text', async () => {
    const sql =
      '-- AlterTable (é)\nALTER TABLE "Post" ADD COLUMN "a" TEXT,\n    ADD COLUMN "é" TEXT NOT NULL,\n  ADD COLUMN "c" UUID DEFAULT gen_random_uuid();';
    const findings = await lintMigration(sql, {
      existingTables: new Set(['Post']),
      severities: { 'missing-lock-timeout': 'off', 'unguarded-ddl': 'off' },
    });
    expect(findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ['not-null-without-default', 3, 16],
      ['volatile-default-rewrite', 4, 14],
    ]);
  });
});
