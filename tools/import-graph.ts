/**
 * Prints the import graph's figures and every broken layer rule: `node tools/import-graph.ts`
 * (Node 22.18+ or `npm run graph`); `--json` for the figures as JSON; `--root <dir>` to draw another
 * checkout (e.g. an older commit: `git worktree add /tmp/old <commit>`). Exit 1 when a rule is broken.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph } from './architecture/graph.ts';
import { LAYERS, ROOTS } from './architecture/layers.ts';
import { figures } from './architecture/rules.ts';

const at = process.argv.indexOf('--root');
const root = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]!) : fileURLToPath(new URL('..', import.meta.url));
const result = figures(buildGraph(root, ROOTS), LAYERS);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ...result, violations: result.violations.map((v) => v.message) }, null, 2));
} else {
  console.log(
    `files ${result.files} · folders ${result.folders} · arrows ${result.fileArrows} between files, ${result.folderArrows} between folders`,
  );
  console.log(
    `backward arrows ${result.backward} · file cycles ${result.fileCycles} · group cycles ${result.groupCycles} · unplaced files ${result.unplaced}`,
  );
  for (const violation of result.violations) console.log(`  ${violation.kind}: ${violation.message}`);
}
process.exitCode = result.violations.length > 0 ? 1 : 0;
