/**
 * Which line of a text an offset falls on: 1 + the newlines before it. One place for it (the
 * examples, the lab's P3018, the checker, the tracer and the Prisma split all report lines), and
 * by binary search over the newlines, since a file of thousands of statements asks thousands of times.
 */
export function lineIndex(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) newlines.push(index);
  return (offset) => {
    let [low, high] = [0, newlines.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((newlines[middle] as number) < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

/** For one lookup; ask lineIndex for many in the same text. */
export const lineAt = (text: string, offset: number): number => lineIndex(text)(offset);

/**
 * Where in the script an offset is, as psql's "LINE n:" does. Counts newlines without splitting, so
 * an error near the end of a 1 MB script costs one scan and no allocations per line.
 */
export function lineAndColumn(script: string, offset: number): { line: number; column: number } {
  const end = Math.min(Math.max(0, offset), script.length);
  let line = 1;
  let lineStart = 0;
  for (let at = script.indexOf('\n'); at !== -1 && at < end; at = script.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: end - lineStart + 1 };
}
