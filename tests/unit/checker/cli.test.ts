/**
 * The command line's parts that need no database: reading a migrations folder (order, links,
 * problems), the arguments, and how problems appear in the report and its totals.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize, type MigrationReport } from '../../../src/lib/checker/check.ts';
import { main } from '../../../src/lib/checker/cli.ts';
import { formatReport } from '../../../src/lib/checker/report-text.ts';
import { readSources, SourcePathError } from '../../../src/lib/checker/sources.ts';
import { surveyStatements } from '../../../src/lib/checker/unrunnable.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mfg-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function migration(dir: string, name: string, sql: string | Uint8Array) {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

describe('reading a migrations folder', () => {
  it("keeps Prisma's order, skips files beside the folders, and reports each unreadable migration in place", async () => {
    const dir = join(root, 'order');
    await migration(dir, '20240103_c', 'SELECT 3;');
    await migration(dir, '20240101_a', 'SELECT 1;');
    await migration(dir, '20240102_b', Buffer.from([0x53, 0x00, 0x4c]));
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"');
    const sources = await readSources(dir, 1024);
    expect(sources.map((source) => [source.name.slice(dir.length + 1), 'sql' in source ? source.sql : source.problem])).toEqual([
      ['20240101_a/migration.sql', 'SELECT 1;'],
      ['20240102_b/migration.sql', 'not a text file (a NUL byte at byte 1); PostgreSQL would refuse it'],
      ['20240103_c/migration.sql', 'SELECT 3;'],
    ]);
  });

  it('a link to a folder already read, or to the migrations folder itself, is reported once, not read twice', async () => {
    const dir = join(root, 'twice');
    await migration(dir, '20240101_a', 'SELECT 1;');
    await symlink(join(dir, '20240101_a'), join(dir, '20240102_again'));
    await symlink(dir, join(dir, '20240103_self'));
    const problems = (await readSources(dir, 1024)).flatMap((source) => ('problem' in source ? [source.problem] : []));
    expect(problems).toEqual([
      '20240102_again is a symbolic link to the same folder as 20240101_a; not checked twice',
      '20240103_self is a symbolic link to the migrations folder itself; not checked twice',
    ]);
  });

  it('a U+FFFD written in the file is text; a stray byte after it is not', async () => {
    const dir = join(root, 'replacement');
    await migration(dir, '1', Buffer.from("SELECT '\uFFFD';\n", 'utf8'));
    await migration(dir, '2', Buffer.concat([Buffer.from("SELECT '\uFFFD';\n", 'utf8'), Buffer.from([0x80])]));
    const [first, second] = await readSources(dir, 1024);
    expect(first).toMatchObject({ sql: "SELECT '\uFFFD';\n" });
    expect(second).toMatchObject({ problem: 'not valid UTF-8 (line 2, byte 14); save it as UTF-8, as Prisma expects' });
  });

  it('the path itself failing is a usage error with a sentence', async () => {
    await expect(readSources(join(root, 'nothing-here'), 1024)).rejects.toThrow(
      new SourcePathError(`${join(root, 'nothing-here')} does not exist.`),
    );
    await symlink(join(root, 'nowhere'), join(root, 'dangling-root'));
    await expect(readSources(join(root, 'dangling-root'), 1024)).rejects.toThrow(
      `is a symbolic link to ${join(root, 'nowhere')}, which does not exist.`,
    );
  });

  it('one .sql file is one migration, with the same checks on its bytes', async () => {
    const file = join(root, 'one.sql');
    await writeFile(file, 'x'.repeat(2048));
    expect(await readSources(file, 1024)).toEqual([
      { name: file, problem: '2 KB, over the 1 KB limit per file; not checked (--max-file-size to change it)' },
    ]);
  });
});

describe('statements that cannot run here', () => {
  it('COPY from the client, a program or a server file is named with its line; COPY TO STDOUT and INSERT are not', async () => {
    const survey = await surveyStatements(
      "INSERT INTO t VALUES (1);\n\nCOPY t FROM STDIN;\nCOPY t TO PROGRAM 'gzip';\nCOPY t FROM '/data.csv';\nCOPY (SELECT 1) TO STDOUT;",
    );
    expect(survey.unrunnable.map((problem) => problem.slice(0, problem.indexOf(' ', 8)))).toEqual([
      'line 3: COPY',
      'line 4: COPY',
      'line 5: COPY',
    ]);
    expect(survey.unrunnable[1]).toContain('TO PROGRAM');
    expect(survey.unrunnable[2]).toContain('FROM a file on the database server');
    expect(survey.transactionControl).toBe(false);
    expect((await surveyStatements('BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;')).transactionControl).toBe(true);
  });
});

describe('arguments', () => {
  const run = async (args: string[]) => {
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(args, (text) => out.push(text), { err: (text) => err.push(text) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('usage errors exit 2 with a reason on stderr', async () => {
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('No command given.') });
    expect(await run(['lint', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "lint"') });
    expect(await run(['check'])).toMatchObject({ code: 2, err: expect.stringContaining('check needs a path') });
    expect(await run(['check', 'a', 'b', '--since=HEAD'])).toMatchObject({ code: 2, err: expect.stringContaining('also given: b') });
    expect(await run(['check', 'a', '--fail-on=never'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--fail-on is error, warning or info, not "never"'),
    });
    expect(await run(['check', 'a', '--format=xml'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format is one of text, json, github, sarif, markdown, not "xml"'),
    });
    expect(await run(['check', 'a', '--prisma=6'])).toMatchObject({ code: 2, err: expect.stringContaining('--prisma is 7.3 or 7.4') });
    expect(await run(['check', 'a', '--timeout'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("Option '--timeout <value>' argument missing"),
    });
    expect(await run(['check', 'a', '--max-file-size=big'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--max-file-size needs a size such as 5MB'),
    });
  });

  it('--max-file-size takes bytes, KB or MB', async () => {
    const file = join(root, 'sized.sql');
    await writeFile(file, 'y'.repeat(3000));
    for (const [value, limit] of [
      ['2KB', '2 KB'],
      ['1000', '1000 bytes'],
      ['0.001MB', '1 KB'],
    ] as const) {
      const result = await run(['check', file, `--max-file-size=${value}`]);
      expect(result.code).toBe(1);
      expect(result.out).toContain(`over the ${limit} limit per file`);
    }
  });
});

describe('problems in the report', () => {
  it('each problem is an error, printed as NOT CHECKED without run lines', () => {
    const skipped = { ok: false, failures: [], skipped: 'not run' };
    const reports: MigrationReport[] = [
      { name: 'a/migration.sql', findings: [], batch: skipped, statements: skipped, again: skipped, problems: ['not a text file'] },
      {
        name: 'b/migration.sql',
        findings: [],
        batch: { ok: true, failures: [] },
        statements: { ok: true, failures: [] },
        again: { ok: true, failures: [] },
      },
    ];
    const report = summarize(reports);
    expect(report.errors).toBe(1);
    const text = formatReport(report, { siteUrl: 'https://example.test' });
    expect(text).toContain('a/migration.sql\n  NOT CHECKED  not a text file\n\nb/migration.sql\n  fresh database, one batch');
    expect(text).toContain('2 migration(s) checked: 1 error(s), 0 warning(s)');
  });

  it('a long list of conflicts is cut after ten with a count', () => {
    const failures = Array.from({ length: 25 }, (_, index) => ({ line: index + 1, code: '23505', message: 'duplicate key' }));
    const ok = { ok: true, failures: [] };
    const text = formatReport(summarize([{ name: 'm', findings: [], batch: ok, statements: ok, again: { ok: false, failures } }]), {
      siteUrl: '',
    });
    expect(text).toContain(
      '25 statement(s) conflict: line 1 23505, line 2 23505, line 3 23505, line 4 23505, line 5 23505, line 6 23505, line 7 23505, line 8 23505, line 9 23505, line 10 23505 and 15 more',
    );
  });
});
