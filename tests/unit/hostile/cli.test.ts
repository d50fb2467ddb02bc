/**
 * Hostile input for the checker's command line (issues #7 and #14): each case asserts that the run
 * ends in bounded time, the reader is told what happened to that migration in words, the other
 * migrations are still checked (nothing they wrote is lost), and the exit code tells the truth.
 * Odd files (binary, not UTF-8, links) are made at test time in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/lib/checker/cli.ts';

const BIN = join(import.meta.dirname, '../../../bin/migration-field-guide.mjs');
const GOOD_BEFORE = 'CREATE TABLE IF NOT EXISTS "Before" (id int PRIMARY KEY);';
const GOOD_AFTER = 'CREATE TABLE IF NOT EXISTS "After" (id int PRIMARY KEY, before_id int REFERENCES "Before");';
const SLOW = 120_000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mfg-hostile-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let folders = 0;
/** A migrations folder: a good migration, the one under test, and a good one after it. */
async function migrations(middle: (folder: string) => Promise<void>): Promise<string> {
  const dir = join(root, `case-${++folders}`, 'migrations');
  await mkdir(join(dir, '20240101_before'), { recursive: true });
  await writeFile(join(dir, '20240101_before', 'migration.sql'), GOOD_BEFORE);
  await middle(join(dir, '20240102_hostile'));
  await mkdir(join(dir, '20240103_after'), { recursive: true });
  await writeFile(join(dir, '20240103_after', 'migration.sql'), GOOD_AFTER);
  return dir;
}

async function sqlFolder(folder: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'migration.sql'), contents);
}

interface Outcome {
  code: number;
  out: string;
  err: string;
  ms: number;
}

async function check(args: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await main(args, (text) => out.push(text), { err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - started };
}

function bin(args: string[]): Outcome {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: SLOW });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr, ms: performance.now() - started };
}

/** The section of the report about one migration folder. */
function section(report: string, folder: string): string {
  const start = report.indexOf(`${folder}/migration.sql`);
  expect(start, `${folder} is in the report`).toBeGreaterThanOrEqual(0);
  const end = report.indexOf('\n\n', start);
  return report.slice(start, end === -1 ? undefined : end);
}

/** The migrations around the hostile one ran, on a database that has what came before. */
function othersChecked(report: string): void {
  expect(section(report, '20240101_before')).toContain('one batch (Prisma <= 7.3)          ok');
  expect(section(report, '20240103_after')).toContain('one batch (Prisma <= 7.3)          ok');
  expect(section(report, '20240103_after')).toContain('statement by statement (>= 7.4)    ok');
  expect(report).toContain('3 migration(s) checked');
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('hostile migrations (through main)', () => {
  it('hostile: an endless loop is stopped at --timeout, reported, and the migrations after it are checked', { timeout: SLOW }, async () => {
    const dir = await migrations((folder) => sqlFolder(folder, 'DO $$ BEGIN LOOP END LOOP; END $$;'));
    const result = await check(['check', dir, '--timeout=2000']);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('stopped after 2 s: the time limit per migration; --timeout to change it');
    othersChecked(result.out);
    // Bounded: the limit plus starting two databases twice, not a hang.
    expect(result.ms).toBeLessThan(90_000);
  });

  it('hostile: COPY … FROM STDIN is reported as unrunnable instead of ending the process', { timeout: SLOW }, async () => {
    // As pg_dump writes it: the rows follow the statement, so the file does not parse as a whole.
    const dir = await migrations((folder) => sqlFolder(folder, 'COPY "Before" (id) FROM STDIN;\n1\n2\n\\.\n'));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('line 1: COPY … FROM STDIN waits for data from the client');
    othersChecked(result.out);
    noStack(result.out + result.err);
  });

  it('hostile: COPY … TO PROGRAM is reported, not run and not called a success', { timeout: SLOW }, async () => {
    const dir = await migrations((folder) => sqlFolder(folder, `SELECT 1;\nCOPY "Before" TO PROGRAM 'cat > /tmp/out';`));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    const hostile = section(result.out, '20240102_hostile');
    expect(hostile).toContain('line 2: COPY … TO PROGRAM runs a program on the database server');
    expect(hostile).not.toContain(' ok');
    othersChecked(result.out);
  });

  it('hostile: deep recursion that breaks the database is reported and a fresh database checks the rest', { timeout: SLOW }, async () => {
    const recursion =
      'CREATE OR REPLACE FUNCTION deep(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN deep(n + 1); END $$;\nSELECT deep(1);';
    const dir = await migrations((folder) => sqlFolder(folder, recursion));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    const hostile = section(result.out, '20240102_hostile');
    // Either the run fails with PostgreSQL's error, or the database breaks and the reader is told so.
    expect(hostile).toMatch(/stopped answering|FAILED line 2: 54001|stopped while running it/);
    othersChecked(result.out);
    noStack(result.out + result.err);
  });

  it('hostile: a symbolic link loop among the migration folders is reported; the others are checked', { timeout: SLOW }, async () => {
    const dir = await migrations(async (folder) => {
      const across = join(root, `loop-${folders}`);
      await symlink(across, folder);
      await symlink(folder, across);
    });
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('20240102_hostile is a symbolic link that loops back on itself');
    othersChecked(result.out);
  });

  it('hostile: a dangling symbolic link is reported with where it points', { timeout: SLOW }, async () => {
    const dir = await migrations((folder) => symlink(join(root, 'gone-away'), folder));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain(`a symbolic link to ${join(root, 'gone-away')}, which does not exist`);
    othersChecked(result.out);
  });

  it('hostile: a symbolically linked migration folder is followed and checked', { timeout: SLOW }, async () => {
    const elsewhere = join(root, 'shared-migration');
    await sqlFolder(elsewhere, 'ALTER TABLE "Before" ADD COLUMN IF NOT EXISTS name text;');
    const dir = await migrations((folder) => symlink(elsewhere, folder));
    const result = await check(['check', dir]);
    expect(result.code).toBe(0);
    expect(section(result.out, '20240102_hostile')).toContain('one batch (Prisma <= 7.3)          ok');
    othersChecked(result.out);
  });

  it('hostile: invalid UTF-8 is reported with its line, not silently replaced', { timeout: SLOW }, async () => {
    const bytes = Buffer.concat([Buffer.from("SELECT 1;\nSELECT '"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("';\n")]);
    const dir = await migrations((folder) => sqlFolder(folder, bytes));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('not valid UTF-8 (line 2, byte 18)');
    othersChecked(result.out);
  });

  it('hostile: a binary file is "not a text file", not 08P01', { timeout: SLOW }, async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const dir = await migrations((folder) => sqlFolder(folder, bytes));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    const hostile = section(result.out, '20240102_hostile');
    expect(hostile).toContain('not a text file');
    expect(hostile).not.toContain('08P01');
    othersChecked(result.out);
  });

  it('hostile: a file over --max-file-size is refused at once with its size; the others are checked', { timeout: SLOW }, async () => {
    const row = 'INSERT INTO "Before" (id) VALUES (1) ON CONFLICT DO NOTHING; -- padding padding padding\n';
    const dir = await migrations((folder) => sqlFolder(folder, row.repeat(Math.ceil((5.5 * 1024 * 1024) / row.length))));
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain(
      '5.5 MB, over the 512 KB limit per file; not checked (--max-file-size to change it)',
    );
    othersChecked(result.out);
  });

  it('hostile: a folder without migration.sql is reported; the others are checked', { timeout: SLOW }, async () => {
    const dir = await migrations(async (folder) => {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'README.md'), 'notes');
    });
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('no migration.sql in this folder');
    othersChecked(result.out);
  });

  it('hostile: a folder named migration.sql is reported as a folder', { timeout: SLOW }, async () => {
    const dir = await migrations(async (folder) => {
      await mkdir(join(folder, 'migration.sql'), { recursive: true });
    });
    const result = await check(['check', dir]);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('migration.sql is a folder, not a file');
    othersChecked(result.out);
  });

  it('hostile: an empty folder exits 2 and says what it expected', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir, { recursive: true });
    const result = await check(['check', dir]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`no migrations in ${dir} (expected folders with a migration.sql`);
  });

  it('hostile: a bad --timeout value exits 2 with the reason', async () => {
    const result = await check(['check', root, '--timeout=soon']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--timeout needs a positive whole number, not "soon"');
  });

  it('hostile: an internal failure exits 2 with one line and no stack trace (the stack only with --debug)', async () => {
    const dir = await migrations((folder) => sqlFolder(folder, 'SELECT 1;'));
    const broken = () => new Worker('throw new Error("worker script missing")', { eval: true });
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(['check', dir], (text) => out.push(text), { err: (text) => err.push(text), startWorker: broken })).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^migration-field-guide: internal error: the database worker did not start \(.*worker script missing.*\)$/);
    expect(out).toEqual([]);
    const debug: string[] = [];
    const failing = () => {
      throw new Error('cannot start a thread');
    };
    expect(await main(['check', dir, '--debug'], () => undefined, { err: (text) => debug.push(text), startWorker: failing })).toBe(2);
    expect(debug[0]).toBe('migration-field-guide: internal error: cannot start a thread');
    expect(debug[1]).toMatch(/\n\s+at /);
  });

  it('hostile: a database worker that dies on every migration is reported per migration, never as a success', async () => {
    const dir = await migrations((folder) => sqlFolder(folder, 'SELECT 1;'));
    const dies = () =>
      new Worker(
        "const { parentPort } = require('node:worker_threads');\n" +
          "parentPort.on('message', (m) => m.type === 'start' ? parentPort.postMessage({ type: 'ready' }) : process.exit(7));",
        { eval: true },
      );
    const out: string[] = [];
    expect(await main(['check', dir], (text) => out.push(text), { err: () => undefined, startWorker: dies })).toBe(1);
    const report = out.join('\n');
    expect(report.match(/NOT CHECKED {2}the database stopped while running it \(the worker ended with exit code 7\)/g)).toHaveLength(3);
    expect(report).not.toMatch(/ ok$/m);
    expect(report).toContain('3 migration(s) checked: 0 failed, 0 cannot run here, 3 not checked; 3 error(s)');
  });
});

describe('hostile command lines (through the bin, as CI calls it)', () => {
  it('hostile: the bin works from an install (TypeScript under node_modules), worker included, with nothing on stderr', {
    timeout: SLOW,
  }, async () => {
    const project = join(import.meta.dirname, '../../..');
    const installed = join(root, 'install', 'node_modules');
    await mkdir(join(installed, 'migration-field-guide'), { recursive: true });
    for (const name of await readdir(join(project, 'node_modules')))
      await symlink(join(project, 'node_modules', name), join(installed, name));
    for (const part of ['bin', 'src', 'package.json'])
      await cp(join(project, part), join(installed, 'migration-field-guide', part), { recursive: true });
    const dir = await migrations((folder) => sqlFolder(folder, 'DO $$ BEGIN LOOP END LOOP; END $$;'));
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [join(installed, 'migration-field-guide/bin/migration-field-guide.mjs'), 'check', dir, '--timeout=2000'],
      { encoding: 'utf8', timeout: SLOW },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(section(result.stdout, '20240102_hostile')).toContain('stopped after 2 s');
    othersChecked(result.stdout);
    expect(performance.now() - started).toBeLessThan(SLOW);
  });

  it('hostile: an endless loop through the bin ends with exit 1 and the later migrations checked', { timeout: SLOW }, async () => {
    const dir = await migrations((folder) => sqlFolder(folder, 'SELECT 1;\nDO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$;'));
    const result = bin(['check', dir, '--timeout', '2000']);
    expect(result.code).toBe(1);
    expect(section(result.out, '20240102_hostile')).toContain('stopped after 2 s');
    othersChecked(result.out);
    expect(result.err).toBe('');
  });

  it('hostile: a path that does not exist exits 2 with one line', () => {
    const result = bin(['check', join(root, 'no-such-folder')]);
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe(`migration-field-guide: ${join(root, 'no-such-folder')} does not exist.`);
  });

  it('hostile: an unknown flag exits 2 and names it', () => {
    const result = bin(['check', root, '--fial-on=warning']);
    expect(result.code).toBe(2);
    expect(result.err).toContain("Unknown option '--fial-on'");
    expect(result.err).toContain('migration-field-guide --help');
    noStack(result.err);
  });

  it('hostile: --help (also after check) exits 0 and documents the exit codes', () => {
    for (const args of [['--help'], ['check', '--help'], ['-h']]) {
      const result = bin(args);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Usage: migration-field-guide check');
      expect(result.out).toContain('0  every migration ran and no finding reached --fail-on');
      expect(result.out).toContain('2  bad usage, a path that cannot be read, or an internal error');
    }
  });

  it('hostile: --version prints the package version', () => {
    const result = bin(['--version']);
    expect(result.code).toBe(0);
    expect(result.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
