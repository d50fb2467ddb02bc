/**
 * appendInSlices (src/lib/dom/slices.ts) without a browser: a fragment and a parent that record what
 * they were given are all it touches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appendInSlices, nextSliceItems, startDrawing } from '../../../src/lib/dom/slices.ts';

class FakeNode {
  children: unknown[] = [];
  append(...nodes: unknown[]): void {
    this.children.push(...nodes);
  }
  insertBefore(fragment: FakeNode): void {
    this.children.push(...fragment.children);
    fragment.children = [];
  }
}

beforeAll(() => {
  (globalThis as unknown as { document: unknown }).document = { createDocumentFragment: () => new FakeNode() };
});

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('appendInSlices', () => {
  it('draws a short list in the task that asked for it, even long after the last drawing', async () => {
    const parent = new FakeNode();
    await appendInSlices(startDrawing(parent as unknown as Element), parent as unknown as Node, [1, 2], (n) => n as unknown as Node);
    await new Promise((resolve) => setTimeout(resolve, 30));
    let otherTaskRan = false;
    setTimeout(() => (otherTaskRan = true), 0);
    const drawn = appendInSlices(
      startDrawing(parent as unknown as Element),
      parent as unknown as Node,
      [3, 4, 5],
      (n) => n as unknown as Node,
    );
    await drawn;
    expect(otherTaskRan).toBe(false);
    expect(parent.children).toEqual([1, 2, 3, 4, 5]);
  });

  it('yields to other tasks once a slice has used its budget, and still draws everything in order', async () => {
    await nextTask();
    const parent = new FakeNode();
    let otherTasks = 0;
    const ticking = setInterval(() => (otherTasks += 1), 0);
    const items = Array.from({ length: 12 }, (_, index) => index);
    await appendInSlices(startDrawing(parent as unknown as Element), parent as unknown as Node, items, (n) => {
      busy(3);
      return n as unknown as Node;
    });
    clearInterval(ticking);
    // 36 ms of work in slices of 8 ms: other tasks ran in between.
    expect(otherTasks).toBeGreaterThanOrEqual(3);
    expect(parent.children).toEqual(items);
  });

  it('a newer drawing into the same container stops the older one where it is', async () => {
    await nextTask();
    const parent = new FakeNode();
    const items = Array.from({ length: 20 }, (_, index) => index);
    const older = appendInSlices(startDrawing(parent as unknown as Element), parent as unknown as Node, items, (n) => {
      busy(5);
      return n as unknown as Node;
    });
    await nextTask();
    startDrawing(parent as unknown as Element);
    await older;
    expect(parent.children.length).toBeGreaterThan(0);
    expect(parent.children.length).toBeLessThan(items.length);
  });

  it('cuts cheap items into slices too: what costs is laying them out, which comes after', async () => {
    await nextTask();
    const parent = new FakeNode();
    const sizes: number[] = [];
    const ticking = setInterval(() => sizes.push(parent.children.length), 0);
    const items = Array.from({ length: 400 }, (_, index) => index);
    await appendInSlices(startDrawing(parent as unknown as Element), parent as unknown as Node, items, (n) => n as unknown as Node);
    clearInterval(ticking);
    // Instant to make, yet drawn in slices: 50 first, then as many as the last layout said fit
    // (here none to speak of, so twice as many each time).
    expect(sizes).toContain(50);
    expect(sizes).toContain(150);
    expect(parent.children).toEqual(items);
  });
});

describe('nextSliceItems', () => {
  it('shrinks a slice whose layout took too long, in proportion', () => {
    expect(nextSliceItems(360, 104)).toBe(41);
    expect(nextSliceItems(50, 24)).toBe(25);
    expect(nextSliceItems(1, 500)).toBe(1);
  });
  it('grows a slice whose layout was quick, at most doubling', () => {
    expect(nextSliceItems(50, 0.2)).toBe(100);
    expect(nextSliceItems(50, 8)).toBe(75);
  });
});
