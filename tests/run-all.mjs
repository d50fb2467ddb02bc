// `npm test`: formatting (Biome, biome.jsonc), type check, production build, unit and build-output tests (Vitest), browser tests
// (Playwright) — then one closing line, "N passed, N failed", that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';

const started = Date.now();
let passed = 0;
let failed = 0;
const problems = [];
/** Each failed test by name, repeated at the end: CI shows only the log's tail. */
const failures = [];

function step(name, command, args) {
  console.log(`\n── ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  return result.status === 0;
}

function check(name, command, args) {
  if (step(name, command, args)) passed += 1;
  else {
    failed += 1;
    problems.push(name);
  }
}

/** The start of a failure message, without terminal colours: enough to tell what failed, short enough for a log's tail. */
function gist(message) {
  const plain = String(message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((line) => line.trim() !== '');
  return lines.length === 0 ? '(no message)' : lines.slice(0, 12).join('\n      ').slice(0, 2000);
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numTodoTests ?? 0) + (report.numPendingTests ?? 0);
  // A file that failed to load has no tests to count but must not pass silently.
  failed += (report.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name ?? '');
    const tests = file.assertionResults ?? [];
    if (file.status === 'failed' && tests.length === 0) failures.push(`${where}: ${gist(file.message)}`);
    for (const test of tests) {
      if (test.status !== 'passed') failures.push(`${where} › ${test.fullName} (${test.status}): ${gist(test.failureMessages?.[0])}`);
    }
  }
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += (stats.unexpected ?? 0) + (stats.skipped ?? 0);
  if ((stats.flaky ?? 0) > 0) problems.push(`${stats.flaky} flaky browser test(s)`);
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected') continue;
        const error = test.results?.find((result) => result.error)?.error;
        failures.push(`${spec.file}:${spec.line} › ${spec.title} [${test.projectName}] (${test.status}): ${gist(error?.message)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return true;
}

rmSync('test-results', { recursive: true, force: true });
// Only reads: an unformatted file fails this step; `npx biome format --write .` fixes it.
check('formatting', 'biome', ['format', '--max-diagnostics=20']);
check('type check', 'astro', ['check']);
const built = step('build', 'npm', ['run', 'build']);
if (built) passed += 1;
else {
  failed += 1;
  problems.push('build');
}

step('unit and build-output tests', 'vitest', ['run']);
if (!countVitest('test-results/vitest.json')) {
  failed += 1;
  problems.push('vitest produced no report');
}

if (built) {
  // Three runs: the hostile-input cases and the other @timed tests time the page's pauses, so they run alone, one at a time.
  for (const [name, project, report] of [
    ['browser tests', 'chromium', 'test-results/playwright.json'],
    ['hostile-input browser tests (one at a time)', 'hostile', 'test-results/playwright-hostile.json'],
    ['timed browser tests (one at a time)', 'timed', 'test-results/playwright-timed.json'],
  ]) {
    process.env.PW_JSON_REPORT = report;
    step(name, 'playwright', ['test', `--project=${project}`]);
    if (!countPlaywright(report)) {
      failed += 1;
      problems.push(`${name}: playwright produced no report`);
    }
  }
} else {
  problems.push('browser tests not run: the build failed');
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (failures.length) console.log(`\nFailed tests:\n${failures.map((line) => `  ✘ ${line}`).join('\n')}`);
console.log(`\nnpm test finished in ${minutes} min${problems.length ? `; problems: ${problems.join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
