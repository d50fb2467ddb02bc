// The checker's bench (part of `npm run bench`, or alone: node bench/checker.mjs): the generated
// corpus (tests/fixtures/corpus, bench/corpus/generate.ts) checked in full and with --since one new
// migration, wall time and peak RSS of the whole process tree; then squawk-cli on the same files,
// and findings side by side: by rule, and which (file, line) each flags that the other does not.
// Writes bench/results/checker.json.
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const CORPUS = resolve('tests/fixtures/corpus/prisma/migrations');
const BIN = resolve('bin/migration-field-guide.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command; wall ms, and peak RSS (KB) from GNU time when it is installed. */
function measure(command, args, cwd = process.cwd()) {
  const started = performance.now();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Math.round(performance.now() - started);
  const rssKb = TIME ? Number(result.stderr.trim().split('\n').at(-1)) : undefined;
  return { ms, rssMb: rssKb ? Math.round(rssKb / 1024) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const node = process.execPath;
const files = readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(CORPUS, e.name, 'migration.sql')).sort();
const results = { date: new Date().toISOString(), migrations: files.length, loadBefore: loadavg()[0] };

// Once, so the full run below does not pay for making the pristine data directory.
measure(node, [BIN, 'check', files[0]]);

const full = measure(node, [BIN, 'check', CORPUS, '--format=json']);
const report = JSON.parse(full.stdout);
results.full = { ms: full.ms, rssMb: full.rssMb, exit: full.status, summary: report.summary };

// --since: the corpus committed in a scratch repository, one new migration on top.
const scratch = mkdtempSync(join(tmpdir(), 'mfg-bench-since-'));
const repoMigrations = join(scratch, 'prisma', 'migrations');
mkdirSync(repoMigrations, { recursive: true });
cpSync(CORPUS, repoMigrations, { recursive: true });
const git = (...args) => execFileSync('git', ['-c', 'user.email=bench@local', '-c', 'user.name=bench', ...args], { cwd: scratch, stdio: 'pipe' });
git('init', '-q');
git('add', '.');
git('commit', '-qm', 'corpus');
mkdirSync(join(repoMigrations, '29990101000000_new'));
writeFileSync(join(repoMigrations, '29990101000000_new', 'migration.sql'), '-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n\n-- CreateIndex\nCREATE INDEX "User_nickname_idx" ON "User"("nickname");\n');
const since = measure(node, [BIN, 'check', repoMigrations, '--since=HEAD', '--format=json']);
results.since = { ms: since.ms, rssMb: since.rssMb, exit: since.status, summary: JSON.parse(since.stdout).summary };
rmSync(scratch, { recursive: true, force: true });

// squawk on the same files (static: parses, never runs).
const squawkBin = resolve('node_modules/.bin/squawk');
const squawk = measure(squawkBin, ['--reporter', 'json', ...files.map((file) => relative(process.cwd(), file))]);
const squawkFindings = JSON.parse(squawk.stdout || '[]');
results.squawk = { ms: squawk.ms, rssMb: squawk.rssMb, findings: squawkFindings.length };

const count = (items, key) => Object.fromEntries(Object.entries(items.reduce((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {})).sort((a, b) => b[1] - a[1]));
const ours = report.migrations.flatMap((m) => m.findings.map((f) => ({ ...f, file: resolve(m.path) })));
results.ours = { findings: ours.length, perMigration: +(ours.length / files.length).toFixed(2), byRule: count(ours, (f) => `${f.rule} (${f.severity})`) };
results.squawk.byRule = count(squawkFindings, (f) => f.rule_name);
results.squawk.perMigration = +(squawkFindings.length / files.length).toFixed(2);

// Overlap by place: squawk's lines are 0-based, ours 1-based; a statement's findings may sit on
// any of its lines, so a place is (file, statement) through squawk's line range.
const squawkPlaces = squawkFindings.map((f) => ({ file: resolve(f.file), from: f.line + 1, to: (f.line_end ?? f.line) + 1, rule: f.rule_name }));
const onlyOurs = ours.filter((f) => !squawkPlaces.some((s) => s.file === f.file && f.line >= s.from && f.line <= s.to));
const onlySquawk = squawkPlaces.filter((s) => !ours.some((f) => f.file === s.file && f.line >= s.from && f.line <= s.to));
results.onlyOurs = count(onlyOurs, (f) => f.rule);
results.onlySquawk = count(onlySquawk, (s) => s.rule);
// What only running shows (squawk cannot see these at all): observed locks and rewrites.
const statements = report.migrations.flatMap((m) => m.statements);
results.observed = {
  statements: statements.length,
  withAccessExclusive: statements.filter((s) => s.locks.some((l) => l.mode === 'AccessExclusiveLock')).length,
  rewrites: statements.filter((s) => s.rewrites.length > 0).length,
};
results.loadAfter = loadavg()[0];

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/checker.json', `${JSON.stringify(results, null, 2)}\n`);

const row = (name, value) => console.log(`  ${name.padEnd(52)} ${value}`);
console.log(`\nChecker on the generated corpus (${files.length} migrations; load average ${results.loadBefore.toFixed(1)} → ${results.loadAfter.toFixed(1)})`);
row('full check: wall time, peak RSS', `${full.ms} ms, ${full.rssMb ?? '?'} MB (exit ${full.status})`);
row('--since HEAD, one new migration: wall, peak RSS', `${since.ms} ms, ${since.rssMb ?? '?'} MB (${results.since.summary.migrations} checked, ${results.since.summary.replayed} replayed)`);
row('failed / cannot run / not checked', `${report.summary.failed} / ${report.summary.cannotRun} / ${report.summary.notChecked}`);
row('findings per migration (ours / squawk)', `${results.ours.perMigration} / ${results.squawk.perMigration}`);
row('squawk 2.66: wall time, peak RSS', `${squawk.ms} ms, ${squawk.rssMb ?? '?'} MB`);
row('observed: statements, ACCESS EXCLUSIVE, rewrites', `${statements.length}, ${results.observed.withAccessExclusive}, ${results.observed.rewrites}`);
console.log('  ours by rule:    ', JSON.stringify(results.ours.byRule));
console.log('  squawk by rule:  ', JSON.stringify(results.squawk.byRule));
console.log('  only ours flags: ', JSON.stringify(results.onlyOurs));
console.log('  only squawk flags:', JSON.stringify(results.onlySquawk));
console.log('Wrote bench/results/checker.json');
