// What the machine under the bench costs, printed beside its figures: the time to touch new memory
// (a page fault per 4 KB page the first time) and the load. On the 2-core VM this project is measured
// on, a first touch took ~18 µs a page on 2026-12-02 (a 512 MB touch: 2.4 s; ~0.25 µs is usual on
// bare metal), and a database start touches ~35,000 pages: figures from days when it was cheaper are
// not comparable with figures from days when it was not.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

const TOUCH_MB = 256;

/** µs per 4 KB page to touch fresh memory, in a child process (the median of three). */
function touchMicrosPerPage() {
  const script = `const bytes = new Uint8Array(${TOUCH_MB} * 1024 * 1024); const started = performance.now();
    for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 1;
    console.log((performance.now() - started) * 1000 / (bytes.length / 4096));`;
  const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()));
  return runs.sort((a, b) => a - b)[1];
}

export function measureMachine() {
  return { touchMicrosPerPage: Number(touchMicrosPerPage().toFixed(2)), loadAverage: loadavg()[0] };
}
