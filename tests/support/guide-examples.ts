// Every live example of the guide, read from content/ as the build reads it: the tests that run or
// trace all examples share this list.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractExamples, type LiveExample } from '../../src/lib/guide/examples.ts';
import { fixtureLoader } from '../../src/lib/guide/fixtures.ts';

const CONTENT = join(import.meta.dirname, '../../content');

export function guideExamples(): LiveExample[] {
  const chapters = readdirSync(join(CONTENT, 'guide'))
    .filter((file) => file.endsWith('.mdx'))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(join(CONTENT, 'guide', fileName), 'utf8') }));
  return extractExamples(chapters, fixtureLoader(join(CONTENT, 'fixtures')));
}
