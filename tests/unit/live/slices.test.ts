/**
 * appendInSlices (src/lib/dom/slices.ts) without a browser: a fragment and a parent that record what
 * they were given are all it touches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appendInSlices, startDrawing } from '../../../src/lib/dom/slices.ts';

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
});
