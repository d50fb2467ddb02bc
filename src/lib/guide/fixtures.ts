import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Named setup SQL lives in `content/fixtures/<name>.sql`; a missing one fails the build with the list. */
export function fixtureLoader(dir: string) {
  return (name: string): string => {
    const file = join(dir, `${name}.sql`);
    if (!existsSync(file)) {
      const known = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.sql'))
            .map((f) => f.slice(0, -4))
        : [];
      throw new Error(`Unknown setup fixture "${name}" (no ${file}). Known fixtures: ${known.join(', ') || 'none'}.`);
    }
    return readFileSync(file, 'utf8').trimEnd();
  };
}
