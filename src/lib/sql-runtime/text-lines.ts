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
