/**
 * The Prisma lab's lock traces, with the real schema engine: each migration a command applies is
 * traced on a copy of the database, and the command itself (its output, exit code, the
 * `_prisma_migrations` rows and the schema) is exactly what it is without tracing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import { labPreset, labPresetNames } from '../../../src/lib/guide/lab-presets.ts';
import { PRISMA_TARGETS } from '../../../src/lib/execution/prisma-target.ts';
import { isUnavailable, traceMigration, type MigrationTrace } from '../../../src/lib/prisma-lab/lab-locks.ts';
import { MAX_TRACED_MIGRATIONS, MAX_TRACED_STATEMENTS } from '../../../src/lib/sql-runtime/limits.ts';
import type { LabCommandResult, LabFile } from '../../../src/lib/prisma-lab/lab.ts';
import type { LockTrace } from '../../../src/lib/locks/trace.ts';

/** What may differ between two runs of one command: times, generated ids and timestamps. */
function comparable(result: LabCommandResult) {
  const columns = result.snapshot.migrations?.columns ?? [];
  const keep = ['checksum', 'migration_name', 'logs', 'applied_steps_count'];
  return {
    exitCode: result.exitCode,
    output: result.output.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC/g, '<time> UTC').replace(/\b\d+(\.\d+)?m?s\b/g, '<t>'),
    files: result.files?.map((file) => file.path),
    migrations: result.snapshot.migrations?.rows.map((row) => [
      ...keep.map((name) => row[columns.indexOf(name)]),
      row[columns.indexOf('finished_at')] === null,
      row[columns.indexOf('rolled_back_at')] === null,
    ]),
    tables: result.snapshot.tables,
  };
}

function traced(traces: MigrationTrace[] | undefined, migration: string): LockTrace {
  const found = traces?.find((entry) => entry.migration === migration)?.trace;
  if (!found || isUnavailable(found)) throw new Error(`no trace of ${migration}: ${JSON.stringify(found)}`);
  return found;
}

for (const { id: target, label } of PRISMA_TARGETS) {
  describe(`lab lock traces, as ${label}`, () => {
    let plain: TestLab;
    let tracing: TestLab;
    beforeAll(async () => {
      [plain, tracing] = await Promise.all([createTestLab(), createTestLab({ traceLocks: true })]);
    });
    afterAll(async () => {
      await Promise.all([plain.close(), tracing.close()]);
    });

    it('rename-field: every deploy is traced, and the commands do exactly what they do untraced', async () => {
      const preset = labPreset('rename-field');
      let files: LabFile[] = preset.files.map((file) => ({ ...file }));
      const results: LabCommandResult[] = [];
      for (const step of preset.steps) {
        if ('edit' in step) {
          files = [...files.filter((file) => file.path !== step.edit), { path: step.edit, content: step.content }];
          continue;
        }
        const without = await plain.lab.run(step.command, files, target);
        const withTrace = await tracing.lab.run(step.command, files, target);
        expect(comparable(withTrace), step.command).toEqual(comparable(without));
        expect(without.traces).toBeUndefined();
        results.push(withTrace);
      }

      const [firstDeploy, diff, rename] = results;
      expect(firstDeploy?.traces?.map((entry) => entry.migration)).toEqual(['20240101000000_init', '20240102000000_add_post']);
      // A diff applies nothing: no trace.
      expect(diff?.traces).toBeUndefined();

      // In one batch, init creates User and its index in one transaction: no lock on a relation other
      // sessions could see. Statement by statement, User is committed before the index is built on it.
      const init = traced(firstDeploy?.traces, '20240101000000_init');
      expect(
        init.statements.map((statement) =>
          statement.sql
            .trim()
            .split('\n')
            .find((line) => !line.startsWith('--'))
            ?.slice(0, 12),
        ),
      ).toEqual(['CREATE TABLE', 'CREATE UNIQU']);
      expect(init.statements.flatMap((statement) => statement.locks).map((lock) => `${lock.relation} ${lock.mode} ${lock.blocks}`)).toEqual(
        target === '7.3' ? [] : ['User ShareLock writes'],
      );

      // The foreign key locks the table it references, which the earlier migration committed.
      const addPost = traced(firstDeploy?.traces, '20240102000000_add_post');
      const fk = addPost.statements.at(-1);
      expect(fk?.locks.filter((lock) => lock.relation === 'User').map((lock) => lock.mode)).toContain('ShareRowExclusiveLock');
      expect(addPost.mode).toBe(target === '7.3' ? 'batch' : 'statements');

      const renameTrace = traced(rename?.traces, '20240103000000_rename_title');
      expect(renameTrace.statements).toHaveLength(1);
      expect(renameTrace.statements[0]?.locks).toContainEqual(
        expect.objectContaining({
          relation: 'Post',
          mode: 'AccessExclusiveLock',
          blocks: 'reads,writes',
          acquired: true,
          source: 'observed',
        }),
      );
      expect(renameTrace.statements[0]?.rewrites).toEqual([]);
    }, 120_000);
  });
}

/** Every step of a preset on both labs; returns the traced lab's results. */
async function runBoth(
  plain: TestLab,
  tracing: TestLab,
  name: string,
  target: (typeof PRISMA_TARGETS)[number]['id'],
): Promise<LabCommandResult[]> {
  const preset = labPreset(name);
  let files: LabFile[] = preset.files.map((file) => ({ ...file }));
  const results: LabCommandResult[] = [];
  for (const step of preset.steps) {
    if ('edit' in step) {
      files = [...files.filter((file) => file.path !== step.edit), { path: step.edit, content: step.content }];
      continue;
    }
    const without = await plain.lab.run(step.command, files, target);
    const withTrace = await tracing.lab.run(step.command, files, target);
    expect(comparable(withTrace), `${name}: ${step.command}`).toEqual(comparable(without));
    if (withTrace.files) files = withTrace.files;
    results.push(withTrace);
  }
  return results;
}

describe('fidelity: tracing changes nothing a command does or prints', () => {
  for (const { id: target, label } of PRISMA_TARGETS) {
    it(`every preset, as ${label}`, async () => {
      let traces = 0;
      for (const name of labPresetNames()) {
        // Each preset starts on fresh databases, as a reader's lab does.
        const [plain, tracing] = await Promise.all([createTestLab(), createTestLab({ traceLocks: true })]);
        try {
          const results = await runBoth(plain, tracing, name, target);
          traces += results.flatMap((result) => result.traces ?? []).filter((entry) => !isUnavailable(entry.trace)).length;
        } finally {
          await Promise.all([plain.close(), tracing.close()]);
        }
      }
      expect(traces).toBeGreaterThan(10);
    }, 400_000);
  }
});

describe('a migration that fails', () => {
  for (const { id: target, label } of PRISMA_TARGETS) {
    it(`failed-migration, as ${label}: the trace fails where the command fails, with the same SQLSTATE`, async () => {
      const [plain, tracing] = await Promise.all([createTestLab(), createTestLab({ traceLocks: true })]);
      try {
        const preset = labPreset('failed-migration');
        const step = preset.steps[0];
        if (!step || 'edit' in step) throw new Error('failed-migration starts with a command');
        const without = await plain.lab.run(step.command, preset.files, target);
        const result = await tracing.lab.run(step.command, preset.files, target);
        expect(comparable(result)).toEqual(comparable(without));
        expect(result.output).toContain('Database error code: 42703');
        const trace = traced(result.traces, '20240102000000_add_post');
        const failed = trace.statements.filter((statement) => statement.status === 'error');
        expect(failed.map((statement) => statement.error?.code)).toEqual(['42703']);
        expect(failed[0]?.locks).toEqual([]);
      } finally {
        await Promise.all([plain.close(), tracing.close()]);
      }
    }, 60_000);
  }
});

describe('a long history', () => {
  it(`traces the first ${MAX_TRACED_MIGRATIONS} migrations a command applies and says why the rest are not`, async () => {
    const t = await createTestLab({ traceLocks: true });
    try {
      const count = MAX_TRACED_MIGRATIONS + 1;
      const schema = labPreset('rename-field').files.find((file) => file.path === 'prisma/schema.prisma');
      const files: LabFile[] = [
        ...(schema ? [schema] : []),
        ...Array.from({ length: count }, (_, i) => ({
          path: `prisma/migrations/2024010100${String(i).padStart(4, '0')}_t${i}/migration.sql`,
          content: i === 0 ? 'CREATE TABLE "T" ("id" INTEGER);\n' : `ALTER TABLE "T" ADD COLUMN "c${i}" INTEGER;\n`,
        })),
      ];
      const result = await t.lab.run('npx prisma migrate deploy', files, '7.4');
      expect(result.exitCode, result.output).toBe(0);
      const traces = result.traces ?? [];
      expect(traces).toHaveLength(count);
      expect(traces.slice(0, MAX_TRACED_MIGRATIONS).every((entry) => !isUnavailable(entry.trace))).toBe(true);
      expect(traces.at(-1)?.trace).toEqual({
        unavailable: `only the first ${MAX_TRACED_MIGRATIONS} migrations a command applies are traced`,
      });
      // An ADD COLUMN on the table an earlier migration committed: ACCESS EXCLUSIVE, no rewrite.
      expect(traced(traces, '20240101000001_t1').statements[0]?.locks.map((lock) => lock.mode)).toContain('AccessExclusiveLock');
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('traceMigration', () => {
  it(`does not trace a file over ${MAX_TRACED_STATEMENTS} statements, and says why`, async () => {
    let copies = 0;
    const script = Array.from({ length: MAX_TRACED_STATEMENTS + 1 }, (_, i) => `CREATE TABLE t${i} (id int);`).join('\n');
    const trace = await traceMigration(
      async () => {
        copies += 1;
        throw new Error('must not copy');
      },
      script,
      '7.3',
    );
    expect(trace).toEqual({ unavailable: `${MAX_TRACED_STATEMENTS + 1} statements; files over ${MAX_TRACED_STATEMENTS} are not traced` });
    expect(copies).toBe(0);
  });

  it('a copy that cannot be made is reported, not thrown', async () => {
    const trace = await traceMigration(
      async () => {
        throw new Error('out of memory');
      },
      'ALTER TABLE "Post" ADD COLUMN x int;',
      '7.4',
    );
    expect(trace).toEqual({ unavailable: 'out of memory' });
  });
});
