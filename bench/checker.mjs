// The checker's bench (part of `npm run bench`, or alone: node bench/checker.mjs): the generated
// corpus (tests/fixtures/corpus, bench/corpus/generate.ts) checked in full and with --since one new
// migration, wall time and peak RSS of the whole process tree; then squawk-cli on the same files,
// and findings side by side: by rule, and which (file, line) each flags that the other does not.
// Writes bench/results/checker.json.
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const CORPUS = resolve('tests/fixtures/corpus/prisma/migrations');
const BIN = resolve('bin/migration-field-guide.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** The issue's bars for the checker on this corpus. */
const BARS = { fullMs: 20_000, fullRssMb: 600, sinceMs: 5_000 };

/**
 * Runs a command; wall ms, and from GNU time (when installed) peak RSS and CPU time (user + system).
 * CPU time is printed beside wall time because on a shared, loaded machine wall time mostly
 * measures the queue for a core: CPU time says what a quiet machine would take.
 */
function measure(command, args, cwd = process.cwd()) {
  const started = performance.now();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%M %U %S', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Math.round(performance.now() - started);
  const [rssKb, user, system] = TIME ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return {
    ms,
    cpuMs: user !== undefined ? Math.round((user + system) * 1000) : undefined,
    rssMb: rssKb ? Math.round(rssKb / 1024) : undefined,
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** What a finding is about, for both tools, so their counts can be read side by side. */
const CATEGORY = {
  'lock hazard': [
    'index-not-concurrently',
    'unique-constraint-direct',
    'constraint-not-valid',
    'set-not-null-scan',
    'missing-lock-timeout',
    'require-concurrent-index-creation',
    'require-concurrent-index-deletion',
    'constraint-missing-not-valid',
    'adding-foreign-key-constraint',
    'require-lock-timeout',
    'require-statement-timeout',
    'disallowed-unique-constraint',
    'adding-not-nullable-field',
    'adding-serial-primary-key-field',
  ],
  'table rewrite': ['type-change-rewrite', 'volatile-default-rewrite', 'changing-column-type', 'adding-field-with-default'],
  'breaks running code / loses data': [
    'drop-column-or-table',
    'drop-then-add-column',
    'rename-column-or-table',
    'not-null-without-default',
    'ban-drop-column',
    'ban-drop-table',
    'renaming-column',
    'renaming-table',
    'ban-drop-database',
    'ban-truncate-cascade',
    'adding-required-field',
    'ban-drop-not-null',
  ],
  'retry / idempotency': ['unguarded-ddl', 'constraint-guard-name-only', 'second-run-conflict', 'prefer-robust-stmts'],
  'fails when deployed': [
    'migration-fails',
    'syntax-error',
    'begin-without-commit',
    'concurrently-in-transaction',
    'enum-value-used-same-file',
    'ban-concurrent-index-creation-in-transaction',
    'transaction-nesting',
  ],
  'cannot run here': ['cannot-run', 'extension-unavailable', 'not-checked'],
  'column type style': [
    'prefer-bigint-over-int',
    'prefer-bigint-over-smallint',
    'prefer-big-int',
    'prefer-timestamp-tz',
    'prefer-identity',
    'prefer-text-field',
    'ban-char-field',
  ],
  naming: ['identifier-too-long'],
};
const categoryOf = (rule) => Object.entries(CATEGORY).find(([, rules]) => rules.includes(rule))?.[0] ?? 'other';

const node = process.execPath;
const files = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(CORPUS, e.name, 'migration.sql'))
  .sort();
const results = { date: new Date().toISOString(), migrations: files.length, loadBefore: loadavg()[0] };

// Once, so the full run below does not pay for making the pristine data directory.
measure(node, [BIN, 'check', files[0]]);

const full = measure(node, [BIN, 'check', CORPUS, '--format=json']);
const report = JSON.parse(full.stdout);
results.full = { ms: full.ms, cpuMs: full.cpuMs, rssMb: full.rssMb, exit: full.status, summary: report.summary };

// --since: the corpus committed in a scratch repository, one new migration on top.
const scratch = mkdtempSync(join(tmpdir(), 'mfg-bench-since-'));
const repoMigrations = join(scratch, 'prisma', 'migrations');
mkdirSync(repoMigrations, { recursive: true });
cpSync(CORPUS, repoMigrations, { recursive: true });
const git = (...args) =>
  execFileSync('git', ['-c', 'user.email=bench@local', '-c', 'user.name=bench', ...args], { cwd: scratch, stdio: 'pipe' });
git('init', '-q');
git('add', '.');
git('commit', '-qm', 'corpus');
mkdirSync(join(repoMigrations, '29990101000000_new'));
writeFileSync(
  join(repoMigrations, '29990101000000_new', 'migration.sql'),
  '-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n\n-- CreateIndex\nCREATE INDEX "User_nickname_idx" ON "User"("nickname");\n',
);
const since = measure(node, [BIN, 'check', repoMigrations, '--since=HEAD', '--format=json']);
results.since = { ms: since.ms, cpuMs: since.cpuMs, rssMb: since.rssMb, exit: since.status, summary: JSON.parse(since.stdout).summary };
rmSync(scratch, { recursive: true, force: true });

// squawk on the same files (static: parses, never runs).
const squawkBin = resolve('node_modules/.bin/squawk');
const squawk = measure(squawkBin, ['--reporter', 'json', ...files.map((file) => relative(process.cwd(), file))]);
const squawkFindings = JSON.parse(squawk.stdout || '[]');
results.squawk = { ms: squawk.ms, cpuMs: squawk.cpuMs, rssMb: squawk.rssMb, findings: squawkFindings.length };

const count = (items, key) =>
  Object.fromEntries(
    Object.entries(items.reduce((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {})).sort((a, b) => b[1] - a[1]),
  );
const ours = report.migrations.flatMap((m) => m.findings.map((f) => ({ ...f, file: resolve(m.path) })));
results.ours = {
  findings: ours.length,
  perMigration: +(ours.length / files.length).toFixed(2),
  byRule: count(ours, (f) => `${f.rule} (${f.severity})`),
};
results.squawk.byRule = count(squawkFindings, (f) => f.rule_name);
results.squawk.perMigration = +(squawkFindings.length / files.length).toFixed(2);

// Overlap by place and kind: squawk's lines are 0-based, ours 1-based; a statement's findings may
// sit on any of its lines, so a place is (file, statement) through squawk's line range, and a
// finding is shared only when the other tool flags the same place for the same category (squawk's
// prefer-robust-stmts sits on nearly every statement and would otherwise "cover" everything).
const squawkPlaces = squawkFindings.map((f) => ({
  file: resolve(f.file),
  from: f.line + 1,
  to: (f.line_end ?? f.line) + 1,
  rule: f.rule_name,
}));
const samePlace = (f, s) => s.file === f.file && f.line >= s.from && f.line <= s.to && categoryOf(f.rule) === categoryOf(s.rule);
const onlyOurs = ours.filter((f) => !squawkPlaces.some((s) => samePlace(f, s)));
const onlySquawk = squawkPlaces.filter((s) => !ours.some((f) => samePlace(f, s)));
results.onlyOurs = count(onlyOurs, (f) => f.rule);
results.onlySquawk = count(onlySquawk, (s) => s.rule);
results.byCategory = Object.fromEntries(
  [...Object.keys(CATEGORY), 'other']
    .map((category) => {
      const of = (items, rule) => items.filter((item) => categoryOf(rule(item)) === category).length;
      return [
        category,
        {
          ours: of(ours, (f) => f.rule),
          squawk: of(squawkFindings, (f) => f.rule_name),
          onlyOurs: of(onlyOurs, (f) => f.rule),
          onlySquawk: of(onlySquawk, (f) => f.rule),
        },
      ];
    })
    .filter(([, counts]) => counts.ours + counts.squawk > 0),
);
// Judged on CPU time when the machine was busy: the wall time then measures the wait for a core.
const judged = (run) => (results.loadBefore > 2 && run.cpuMs !== undefined ? run.cpuMs : run.ms);
results.bars = {
  fullTime: {
    bar: BARS.fullMs,
    measured: judged(results.full),
    on: results.loadBefore > 2 ? 'cpu' : 'wall',
    ok: judged(results.full) <= BARS.fullMs,
  },
  fullRss: { bar: BARS.fullRssMb, measured: results.full.rssMb ?? null, ok: (results.full.rssMb ?? Infinity) <= BARS.fullRssMb },
  sinceTime: {
    bar: BARS.sinceMs,
    measured: judged(results.since),
    on: results.loadBefore > 2 ? 'cpu' : 'wall',
    ok: judged(results.since) <= BARS.sinceMs,
  },
};
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
// In `npm run bench` the browser figures are written first: the checker's join them in latest.json.
if (existsSync('bench/results/latest.json')) {
  const latest = JSON.parse(readFileSync('bench/results/latest.json', 'utf8'));
  writeFileSync('bench/results/latest.json', JSON.stringify({ ...latest, checker: results }, null, 2));
}

const row = (name, value) => console.log(`  ${name.padEnd(52)} ${value}`);
console.log(
  `\nChecker on the generated corpus (${files.length} migrations; load average ${results.loadBefore.toFixed(1)} → ${results.loadAfter.toFixed(1)})`,
);
const bar = (check) => `${check.ok ? 'within' : 'OVER'} the bar of ${check.bar}${check.on ? ` ms (judged on ${check.on} time)` : ' MB'}`;
row('full check: wall time, CPU time, peak RSS', `${full.ms} ms, ${full.cpuMs ?? '?'} ms, ${full.rssMb ?? '?'} MB (exit ${full.status})`);
row('  bars', `${bar(results.bars.fullTime)}; ${bar(results.bars.fullRss)}`);
row(
  '--since HEAD, one new migration: wall, CPU, peak RSS',
  `${since.ms} ms, ${since.cpuMs ?? '?'} ms, ${since.rssMb ?? '?'} MB (${results.since.summary.migrations} checked, ${results.since.summary.replayed} replayed)`,
);
row('  bar', bar(results.bars.sinceTime));
row('failed / cannot run / not checked', `${report.summary.failed} / ${report.summary.cannotRun} / ${report.summary.notChecked}`);
row('findings per migration (ours / squawk)', `${results.ours.perMigration} / ${results.squawk.perMigration}`);
row('squawk 2.66: wall time, CPU time, peak RSS', `${squawk.ms} ms, ${squawk.cpuMs ?? '?'} ms, ${squawk.rssMb ?? '?'} MB`);
row(
  'observed: statements, ACCESS EXCLUSIVE, rewrites',
  `${statements.length}, ${results.observed.withAccessExclusive}, ${results.observed.rewrites}`,
);
console.log('  ours by rule:    ', JSON.stringify(results.ours.byRule));
console.log('  squawk by rule:  ', JSON.stringify(results.squawk.byRule));
console.log('  only ours flags: ', JSON.stringify(results.onlyOurs));
console.log('  only squawk flags:', JSON.stringify(results.onlySquawk));
console.log(
  `  ${'findings by category'.padEnd(34)} ${'ours'.padStart(6)} ${'squawk'.padStart(7)} ${'only ours'.padStart(10)} ${'only squawk'.padStart(12)}`,
);
for (const [category, c] of Object.entries(results.byCategory)) {
  console.log(
    `  ${category.padEnd(34)} ${String(c.ours).padStart(6)} ${String(c.squawk).padStart(7)} ${String(c.onlyOurs).padStart(10)} ${String(c.onlySquawk).padStart(12)}`,
  );
}
console.log('  only running shows (squawk cannot): observed locks and rewrites above, failures, second-run conflicts, extensions');
console.log('Wrote bench/results/checker.json');
