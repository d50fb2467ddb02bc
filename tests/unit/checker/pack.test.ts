/**
 * The checker as a team installs it: `npm pack`, the tarball installed into a fresh project, and
 * `npx migration-field-guide check prisma/migrations` run there (exit code and report). Packages come
 * from npm's cache when it has them (--prefer-offline), else from the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// npm's scripts (prepack) and the installed bin run on the project's Node 22, as `npm test` runs them.
const env = {
  ...process.env,
  PATH: `${join(ROOT, 'node_modules', 'node', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
  npm_config_update_notifier: 'false',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfg-pack-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the packed command line', () => {
  it('installs from its tarball and checks a prisma/migrations folder', { timeout: 180_000 }, async () => {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, env, stdio: 'pipe' });
    const tarball = (await readdir(dir)).find((file) => file.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const project = join(dir, 'app');
    await mkdir(join(project, 'prisma', 'migrations', '20240101_init'), { recursive: true });
    await mkdir(join(project, 'prisma', 'migrations', '20240102_fails'), { recursive: true });
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    await writeFile(
      join(project, 'prisma', 'migrations', '20240101_init', 'migration.sql'),
      'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "email" citext);\n',
    );
    await writeFile(
      join(project, 'prisma', 'migrations', '20240102_fails', 'migration.sql'),
      'INSERT INTO "A" VALUES (1, \'x\');\nALTER TABLE "A" ADD COLUMN "n" INTEGER NOT NULL;\n',
    );
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(dir, tarball!)], {
      cwd: project,
      env,
      stdio: 'pipe',
    });

    const failing = spawnSync('npx', ['--no-install', 'migration-field-guide', 'check', 'prisma/migrations', '--format=json'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(failing.stderr).toBe('');
    expect(failing.status).toBe(1);
    const report = JSON.parse(failing.stdout) as { migrations: { status: string }[]; summary: { failed: number } };
    expect(report.migrations.map((migration) => migration.status)).toEqual(['ok', 'failed']);

    await rm(join(project, 'prisma', 'migrations', '20240102_fails'), { recursive: true });
    const clean = spawnSync('npx', ['--no-install', 'migration-field-guide', 'check', 'prisma/migrations'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('1 migration(s) checked: 0 failed');
    const help = spawnSync('npx', ['--no-install', 'migration-field-guide', '--help'], { cwd: project, env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--format=<format>');
  });
});
