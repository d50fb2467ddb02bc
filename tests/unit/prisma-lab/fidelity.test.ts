/**
 * Fidelity: every lab preset and the extra commands, run through the lab core, against transcripts
 * of the real Prisma 7.10.1 CLI (tests/fixtures/prisma-oracle/, captured with the prisma-oracle on
 * PGlite and on PostgreSQL 15; README there). Per command step: the exit code, the CLI's lines and
 * the `_prisma_migrations` rows (name, finished, rolled back, applied_steps_count, logs present,
 * checksum).
 *
 * A step is `identical` when every line the CLI printed (paths, times, generated names and the
 * datasource line normalised) is in the lab's output, `cosmetic` when only lines outside KEY differ,
 * `different` otherwise. Every `different` step is listed in KNOWN with why; a listed step that
 * stops differing fails too, so the list stays the true list.
 *
 * The Prisma target is a parameter (FIDELITY_TARGETS=7.3,7.4; both by default): the lab runs as
 * that version and is compared with the oracle captured the same way: `batch` (the oracle as
 * shipped: one simple query per file, as ≤ 7.3) for 7.3, `statements` (FID_SPLIT=1: a lexical
 * split, each statement its own query) for 7.4. FID_SPLIT does not fall back to one batch where
 * sqlparser 0.62 cannot parse a file; no preset step depends on that fallback (checked: a
 * difference would show here).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import { labPreset, labPresetNames, type LabStep } from '../../../src/lib/guide/lab-presets.ts';
import type { LabCommandResult, LabFile, PrismaTarget } from '../../../src/lib/prisma-lab/lab.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/prisma-oracle');
const TARGETS = (process.env.FIDELITY_TARGETS ?? '7.3,7.4').split(',') as PrismaTarget[];
const FIXTURE_MODE: Record<PrismaTarget, string> = { '7.3': 'batch', '7.4': 'statements' };
const BACKENDS = ['pglite', 'pg'] as const;

interface OracleRow {
  migration_name: string;
  finished: boolean;
  rolled_back: boolean;
  applied_steps_count: number;
  logs: string | null;
  checksum: string;
}
interface OracleStep {
  command?: string;
  edit?: string;
  exit?: number;
  stdout?: string;
  stderr?: string;
  migrations?: OracleRow[] | null;
}
interface Transcript {
  scenario: string;
  transcript: OracleStep[];
  files: Record<string, string>;
}

/** Lines that carry the outcome: a missing one is a difference, not a cosmetic one. */
const KEY = [
  /^Error: /,
  /^Migration name:/,
  /^Database error code:/,
  /^ERROR: /,
  /migration started at/,
  /^Following migrations? have/,
  /^Database schema is up to date!/,
  /^No pending migrations to apply\./,
  /^All migrations have been successfully applied\./,
  /^Applying migration/,
  /marked as (rolled back|applied)\./,
  /^Script executed successfully\./,
  /^Database reset successful/,
  /^Already in sync/,
  /^Your database is now in sync/,
  /^We need to reset/,
  /was modified after it was applied/,
  /^Drift detected/,
  /^\[[+*-]\]/,
  /^The schema at .* is valid/,
  /^Formatted /,
  /Introspected \d+ models?/,
  /in sync with your Prisma schema/,
  /^⚠️/,
  /^\s*• /,
  /non-interactive/,
  /unknown or unexpected option/,
  /^prisma\s+: 7\.10\.1/,
  /^Migration cancelled\./,
  /^The following migration\(s\) have been/,
];

/**
 * Steps that differ from the real CLI, each with the reason. Keys: `<scenario>#<step index>`,
 * the index counting command and edit steps alike; values: the backends it differs on.
 */
const KNOWN: Record<string, { backends: readonly string[]; why: string }> = {
  'x-commands#5': {
    backends: ['pglite', 'pg'],
    why: 'db execute --stdin: the lab has no standard input; it says to use --file (exit 1 instead of 0)',
  },
};

const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

function normalise(line: string): string {
  return (
    strip(line)
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC/g, '<time> UTC')
      .replace(/\b\d{14}_/g, '<ts>_')
      .replace(/ in \d+(\.\d+)?m?s\b/g, ' in <t>')
      .replace(/at "[^"]*"/g, 'at "<where>"')
      // The oracle's WASM engine reports a failed script without the native P3018 (its README, difference 1).
      .replace(/^Error: external connector error$/, 'Error: P3018')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The CLI's lines worth comparing: not the config/schema/datasource preamble, not span traces. */
function oracleLines(step: OracleStep): string[] {
  return (
    strip(`${step.stdout ?? ''}\n${step.stderr ?? ''}`)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => !/^(Loaded Prisma config|Prisma schema loaded|Datasource "db")/.test(line))
      .filter((line) => !/^\s+\d+: \S+::/.test(line) && !/^\s+(with \w+=|at \S+\.rs:\d+)/.test(line))
      // Oracle-only: the WASM connector's own wording for the failed script (its README, difference 1).
      .filter((line) => !/^Error (querying the database|accessing result set)/.test(line))
      .filter((line) => !/^Prisma CLI Version : /.test(line))
      .map(normalise)
  );
}

interface Row {
  name: string;
  finished: boolean;
  rolledBack: boolean;
  steps: number;
  logs: boolean;
  checksum: string;
}

const oracleRows = (rows: OracleRow[] | null | undefined): Row[] | null =>
  rows?.map((row) => ({
    name: normalise(row.migration_name),
    finished: row.finished,
    rolledBack: row.rolled_back,
    steps: row.applied_steps_count,
    logs: row.logs !== null,
    checksum: row.checksum,
  })) ?? null;

function labRows(result: LabCommandResult): Row[] | null {
  const table = result.snapshot.migrations;
  if (!table) return null;
  const at = (name: string) => table.columns.indexOf(name);
  return table.rows.map((row) => ({
    name: normalise(String(row[at('migration_name')])),
    finished: row[at('finished_at')] !== null,
    rolledBack: row[at('rolled_back_at')] !== null,
    steps: Number(row[at('applied_steps_count')]),
    logs: row[at('logs')] !== null,
    checksum: String(row[at('checksum')]),
  }));
}

type Step = LabStep | { command: string; stdin?: string } | { edit: string; content: string };
interface Scenario {
  name: string;
  files: LabFile[];
  steps: Step[];
}

function scenarios(): Scenario[] {
  const presets = labPresetNames().map((name) => {
    const preset = labPreset(name);
    return { name, files: preset.files, steps: preset.steps };
  });
  const shared = (file: string) => readFileSync(join(import.meta.dirname, '../../../content/labs/_shared', file), 'utf8');
  const extra = (
    JSON.parse(readFileSync(join(FIXTURES, 'extra-scenario.json'), 'utf8')) as {
      scenarios: { name: string; files: { path: string; content?: string; from?: string }[]; steps: Step[] }[];
    }
  ).scenarios.map((scenario) => ({
    ...scenario,
    files: scenario.files.map((file) => ({ path: file.path, content: file.content ?? shared(file.from!) })),
  }));
  return [...presets, ...extra];
}

type Verdict = 'identical' | 'cosmetic' | 'different';
interface Compared {
  key: string;
  backend: string;
  verdict: Verdict;
  detail: string;
}

function compare(key: string, backend: string, oracle: OracleStep, lab: LabCommandResult): Compared {
  // Whole lines: a line the lab prints longer (more words after the CLI's) is not the CLI's line.
  const output = new Set(strip(lab.output).split('\n').map(normalise));
  const missing = oracleLines(oracle).filter((line) => !output.has(line));
  const missingKey = missing.filter((line) => KEY.some((pattern) => pattern.test(line)));
  const rowsEqual = JSON.stringify(labRows(lab)) === JSON.stringify(oracleRows(oracle.migrations));
  const problems = [
    ...(lab.exitCode !== oracle.exit ? [`exit ${lab.exitCode} vs ${oracle.exit}`] : []),
    ...(rowsEqual ? [] : [`_prisma_migrations ${JSON.stringify(labRows(lab))} vs ${JSON.stringify(oracleRows(oracle.migrations))}`]),
    ...missingKey.map((line) => `missing: ${line}`),
  ];
  const verdict: Verdict = problems.length ? 'different' : missing.length ? 'cosmetic' : 'identical';
  return {
    key,
    backend,
    verdict,
    detail: [...problems, ...missing.filter((line) => !missingKey.includes(line)).map((line) => `cosmetic: ${line}`)].join('\n'),
  };
}

const results: (Compared & { target: PrismaTarget })[] = [];
let t: TestLab;
beforeAll(async () => {
  t = await createTestLab();
});
afterAll(async () => {
  await t.close();
  for (const target of TARGETS) {
    const mine = results.filter((result) => result.target === target);
    const counted = mine.filter((result) => result.verdict !== 'different').length;
    console.log(
      `fidelity (Prisma ${target}): ${counted}/${mine.length} steps identical or cosmetic (${mine.filter((r) => r.verdict === 'identical').length} identical)`,
    );
    for (const result of mine.filter((r) => r.verdict !== 'identical'))
      console.log(`  ${result.backend} ${result.key} ${result.verdict}\n    ${result.detail.replaceAll('\n', '\n    ')}`);
  }
});

for (const target of TARGETS) {
  describe(`the lab as Prisma ${target} against the real Prisma 7.10.1 CLI (${FIXTURE_MODE[target]})`, () => {
    for (const scenario of scenarios()) {
      const transcripts = BACKENDS.map((backend) => ({
        backend,
        path: join(FIXTURES, `${backend}-${FIXTURE_MODE[target]}`, `${scenario.name}.json`),
      }))
        .filter(({ path }) => existsSync(path))
        .map(({ backend, path }) => ({ backend, ...(JSON.parse(readFileSync(path, 'utf8')) as Transcript) }));

      it(`${scenario.name}: every step as the CLI does it`, async () => {
        expect(transcripts.length, `no transcript for ${scenario.name} (${FIXTURE_MODE[target]})`).toBeGreaterThan(0);
        // A fresh database per scenario, as each transcript started from one.
        await t.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner;');
        let files = scenario.files.map((file) => ({ ...file }));
        for (const [index, step] of scenario.steps.entries()) {
          if ('edit' in step) {
            files = [...files.filter((file) => file.path !== step.edit), { path: step.edit, content: step.content }];
            continue;
          }
          const result = await t.lab.run(step.command, files, target);
          if (result.files) files = result.files;
          const key = `${scenario.name}#${index}`;
          for (const { backend, transcript } of transcripts) {
            const oracle = transcript[index]!;
            expect(oracle.command, `${key}: the transcript is of another step list; recapture it`).toBe(step.command);
            const compared = compare(key, backend, oracle, result);
            results.push({ ...compared, target });
            const known = KNOWN[`${target} ${key}`]?.backends.includes(backend) || KNOWN[key]?.backends.includes(backend);
            expect(
              { step: `${target} ${backend} ${key} ${step.command}`, different: compared.verdict === 'different' },
              compared.detail,
            ).toEqual({ step: `${target} ${backend} ${key} ${step.command}`, different: Boolean(known) });
          }
        }
        // What format and db pull wrote, and what every other step left: the schema file as the CLI left it.
        for (const { backend, files: written } of transcripts) {
          expect(files.find((file) => file.path === 'prisma/schema.prisma')?.content, `${backend}: prisma/schema.prisma at the end`).toBe(
            written['prisma/schema.prisma'],
          );
        }
      }, 300_000);
    }
  });
}
