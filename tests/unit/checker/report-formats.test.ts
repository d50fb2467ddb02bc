/**
 * The checker's outputs for machines, from a real check of a small folder on PGlite: JSON against
 * the schema in the repo, SARIF against the 2.1.0 spec's required properties, GitHub workflow
 * commands parsed back, markdown; extensions loaded on demand and one PGlite lacks; --since with
 * git; the configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/lib/checker/cli.ts';
import { formatGithub, formatMarkdown, formatSarif } from '../../../src/lib/checker/report-formats.ts';
import type { JsonReport } from '../../../src/lib/checker/report-json.ts';

let root: string;
let folder: string;
let report: JsonReport;
let exitCode: number;

async function migration(dir: string, name: string, sql: string) {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

async function cli(args: string[], cwd?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (text) => out.push(text), {
    err: (text) => err.push(text),
    ...(cwd ? { cwd } : {}),
    progress: () => undefined,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mfg-formats-'));
  folder = join(root, 'prisma', 'migrations');
  await migration(
    folder,
    '20240101_init',
    '-- CreateTable\nCREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n',
  );
  await migration(
    folder,
    '20240102_crypto',
    'CREATE EXTENSION IF NOT EXISTS "pgcrypto";\nCREATE EXTENSION IF NOT EXISTS citext;\nALTER TABLE "User" ADD COLUMN "token" TEXT NOT NULL DEFAULT encode(gen_random_bytes(8), \'hex\');\n',
  );
  await migration(
    folder,
    '20240103_postgis',
    'CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE TABLE "Place" ("id" SERIAL PRIMARY KEY, "at" geometry(Point, 4326));\n',
  );
  await migration(folder, '20240104_uses_place', 'ALTER TABLE "Place" ADD COLUMN "name" TEXT;\n');
  await migration(folder, '20240105_retype', '-- AlterTable\nALTER TABLE "User" ALTER COLUMN "id" SET DATA TYPE BIGINT;\n');
  await migration(
    folder,
    '20240106_fails',
    'INSERT INTO "User" ("email") VALUES (\'a\');\nALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL;\n',
  );
  await migration(
    folder,
    '20240107_seed_roles',
    'CREATE TABLE IF NOT EXISTS "Role" ("id" INT PRIMARY KEY, "name" TEXT NOT NULL);\nINSERT INTO "Role" ("id", "name") VALUES (1, \'admin\');\n',
  );
  const result = await cli(['check', folder, '--format=json']);
  exitCode = result.code;
  report = JSON.parse(result.out) as JsonReport;
}, 300_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const byName = (suffix: string) => report.migrations.find((m) => m.name.includes(suffix))!;

describe('a real check, as JSON', () => {
  it('matches the JSON Schema in the repo', async () => {
    const schema = JSON.parse(await readFile(new URL('../../../src/lib/checker/report.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    // And the schema can fail: a lock without its mode is refused.
    const broken = structuredClone(report);
    delete (broken.migrations[4]!.statements[0]!.locks[0] as Partial<{ mode: string }>).mode;
    expect(validate(broken)).toBe(false);
  });

  it('loads bundled extensions; one PGlite lacks is named once and what depends on it cannot run, without failing', () => {
    expect(byName('crypto')).toMatchObject({
      status: 'ok',
      runs: { deploy: { ok: true, sqlstate: null, mode: 'statements', committed: 3 } },
    });
    const postgis = byName('postgis');
    expect(postgis.status).toBe('cannot-run');
    expect(postgis.findings.map((f) => [f.rule, f.severity])).toEqual(
      expect.arrayContaining([
        ['extension-unavailable', 'warning'],
        ['cannot-run', 'info'],
      ]),
    );
    expect(postgis.findings.find((f) => f.rule === 'extension-unavailable')!.message).toContain(
      'extension postgis is not available in PGlite',
    );
    expect(byName('uses_place').status).toBe('cannot-run');
    expect(report.migrations.flatMap((m) => m.findings).filter((f) => f.rule === 'extension-unavailable')).toHaveLength(1);
  });

  it('reports each statement’s observed locks and rewrites, and a real failure with its SQLSTATE and line', () => {
    const retype = byName('retype');
    expect(retype.statements).toHaveLength(1);
    expect(retype.statements[0]).toMatchObject({ line: 2, rewrites: expect.arrayContaining(['User']) });
    expect(retype.statements[0]!.locks).toContainEqual({ relation: 'User', mode: 'AccessExclusiveLock', blocks: 'reads,writes' });
    expect(byName('fails')).toMatchObject({
      status: 'failed',
      runs: { deploy: { ok: false, sqlstate: '23502', line: 2, mode: 'statements', committed: 1 } },
    });
    expect(report.summary).toMatchObject({ migrations: 7, failed: 1, cannotRun: 2 });
    expect(exitCode).toBe(1);
    // No made-up domain: without a siteUrl the links are the guide's paths.
    for (const finding of report.migrations.flatMap((m) => m.findings)) expect(finding.url).toMatch(/^\//);
  });
});

describe('the other formats, from the same report', () => {
  it('what the second run hit is a finding (second-run-conflict), in JSON, github, SARIF and markdown', () => {
    const seed = byName('seed_roles');
    expect(seed.status).toBe('ok');
    expect(seed.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([['second-run-conflict', 'warning', 2]]);
    expect(seed.findings[0]!.message).toMatch(/23505/);
    expect(seed.findings[0]!.url).toBe('/guide/defensive-sql/#why-plain-ddl-breaks-on-a-retry');
    expect(formatGithub(report)).toContain(`::warning file=${seed.path},line=2,title=second-run-conflict (warning)::`);
    const sarif = JSON.parse(formatSarif(report)) as {
      runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(sarif.runs[0]!.results.some((result) => result.ruleId === 'second-run-conflict')).toBe(true);
    expect(sarif.runs[0]!.tool.driver.rules.some((rule) => rule.id === 'second-run-conflict')).toBe(true);
    expect(formatMarkdown(report)).toContain('second-run-conflict');
    // Prisma-generated statements are run once by Prisma: their second-run conflicts are not reported.
    expect(report.migrations.flatMap((m) => m.findings).filter((f) => f.rule === 'second-run-conflict')).toHaveLength(1);
  });

  it('SARIF 2.1.0 has every property the spec requires', () => {
    const sarif = JSON.parse(formatSarif(report)) as Record<string, unknown>;
    // The required properties of SARIF 2.1.0 (sarifLog, run, tool, toolComponent, result, message,
    // location, physicalLocation, artifactLocation, region), as a schema of their own.
    const required = {
      type: 'object',
      required: ['version', 'runs'],
      properties: {
        version: { const: '2.1.0' },
        runs: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['tool'],
            properties: {
              tool: {
                type: 'object',
                required: ['driver'],
                properties: {
                  driver: {
                    type: 'object',
                    required: ['name'],
                    properties: { name: { type: 'string' }, rules: { type: 'array', items: { type: 'object', required: ['id'] } } },
                  },
                },
              },
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['message'],
                  properties: {
                    level: { enum: ['none', 'note', 'warning', 'error'] },
                    message: { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }] },
                    locations: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          physicalLocation: {
                            type: 'object',
                            required: ['artifactLocation'],
                            properties: { region: { type: 'object', properties: { startLine: { type: 'integer', minimum: 1 } } } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(required);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = (sarif.runs as { results: { ruleId: string; ruleIndex: number }[]; tool: { driver: { rules: { id: string }[] } } }[])[0]!;
    expect(run.results).toHaveLength(report.migrations.flatMap((m) => m.findings).length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('github: one workflow command per finding, which parses back to the finding', () => {
    const lines = formatGithub(report).split('\n');
    const commands = lines.filter((line) => line.startsWith('::'));
    const findings = report.migrations.flatMap((m) => m.findings.map((f) => ({ ...f, path: m.path })));
    expect(commands).toHaveLength(findings.length);
    const unescape = (text: string) =>
      text.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    for (const [index, command] of commands.entries()) {
      const match = /^::(error|warning|notice) file=([^,]*),line=(\d+),title=([^,:]*)::(.*)$/.exec(command);
      expect(match, command).not.toBeNull();
      const finding = findings[index]!;
      expect(match![1]).toBe({ error: 'error', warning: 'warning', info: 'notice' }[finding.severity]);
      expect(unescape(match![2]!)).toBe(finding.path);
      expect(Number(match![3])).toBe(finding.line);
      expect(unescape(match![4]!)).toBe(`${finding.rule} (${finding.severity})`);
      expect(unescape(match![5]!)).toContain(finding.message);
    }
  });

  it('markdown: a heading, the totals and a table row per finding of the failed migration', () => {
    const text = formatMarkdown(report);
    expect(text).toContain('### Migration check (Prisma 7.4, PostgreSQL 18)');
    expect(text).toMatch(/`[^`]*20240106_fails[^`]*` — \*\*FAILED\*\*/);
    expect(text).toContain('| 2 | error | `migration-fails` | fails with 23502');
    expect(text).toContain('line 2: ACCESS EXCLUSIVE on `User` · ACCESS EXCLUSIVE on `User_pkey` · rewrites `User`, `User_pkey`');
  });
});

describe('CI mode and configuration', () => {
  it('--since checks only what changed since the ref; the rest is replayed, not reported', { timeout: 300_000 }, async () => {
    const repo = join(root, 'repo');
    const dir = join(repo, 'prisma', 'migrations');
    await migration(dir, '20240101_a', 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    await migration(dir, '20240102_b', 'ALTER TABLE "A" ADD COLUMN "b" TEXT;\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    await migration(dir, '20240103_c', 'ALTER TABLE "A" ADD COLUMN "c" TEXT;\nCREATE INDEX "A_c_idx" ON "A" ("c");\n');
    const result = await cli(['check', dir, '--since=HEAD', '--format=json']);
    const json = JSON.parse(result.out) as JsonReport;
    expect(json.summary).toMatchObject({ migrations: 1, replayed: 2, failed: 0 });
    // It ran on the replayed state: "A" existed.
    expect(json.migrations[0]!.runs.deploy).toMatchObject({ ok: true });
    expect((await cli(['check', dir, '--since=no-such-ref'])).err).toContain('git does not know "no-such-ref"');
    const outside = await cli(['check', folder, '--since=HEAD']);
    expect(outside).toMatchObject({ code: 2 });
    expect(outside.err).toContain('--since needs a git repository');
  });

  it('a config turns a rule off, changes a severity and sets the site; an invalid one is refused with the reason', {
    timeout: 300_000,
  }, async () => {
    const project = join(root, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, '.migration-field-guide.json'),
      JSON.stringify({ rules: { 'extension-unavailable': false, 'migration-fails': 'warning' }, siteUrl: 'https://guide.test' }),
    );
    const result = await cli(['check', folder, '--format=json'], project);
    const json = JSON.parse(result.out) as JsonReport;
    const findings = json.migrations.flatMap((m) => m.findings);
    expect(findings.some((f) => f.rule === 'extension-unavailable')).toBe(false);
    expect(findings.find((f) => f.rule === 'migration-fails')).toMatchObject({
      severity: 'warning',
      url: expect.stringMatching(/^https:\/\/guide\.test\/guide\//),
    });
    await writeFile(join(project, '.migration-field-guide.json'), JSON.stringify({ prisma: '6.0', siteUrl: 'not a url' }));
    const refused = await cli(['check', folder], project);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('.migration-field-guide.json is not a valid configuration: prisma:');
    expect(refused.err).toContain('siteUrl:');
  });
});
