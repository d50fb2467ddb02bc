/**
 * Appending many nodes without freezing the page: work is cut into slices that each stay within a
 * small time budget, with a task boundary between them so input, timers and painting get their turn.
 * A newer drawing into the same container makes an older one stop where it is.
 */

/** Per slice; with layout and paint after it, a slice stays well under the 50 ms of a long task. */
const BUDGET_MS = 8;

export interface Drawing {
  /** False once a newer drawing started in the same container: stop, the output is no longer ours. */
  current(): boolean;
}

const generations = new WeakMap<Element, number>();

export function startDrawing(container: Element): Drawing {
  const generation = (generations.get(container) ?? 0) + 1;
  generations.set(container, generation);
  return { current: () => generations.get(container) === generation };
}

// A timer task, not a microtask or a prioritised continuation: the page's own timers and input
// queue up behind the same task source and are served in order.
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let sliceStarted: number | undefined;

/**
 * How long this task has been drawing. A slice starts with the first drawing in a task and ends
 * with the task: a timer forgets it. (A start kept from an earlier task made every drawing yield
 * before its first node: a warm Run's result waited one more task, and any frame queued before it.)
 */
function sliceElapsed(): number {
  if (sliceStarted === undefined) {
    sliceStarted = performance.now();
    setTimeout(() => (sliceStarted = undefined), 0);
  }
  return performance.now() - sliceStarted;
}

/** Yields to the page when this slice has used its budget. */
export async function breathe(): Promise<void> {
  if (sliceElapsed() < BUDGET_MS) return;
  await nextTask();
}

/** Appends `make(item)` for every item, slice by slice, before `before` (or at the end). */
export async function appendInSlices<T>(
  drawing: Drawing,
  parent: Node,
  items: readonly T[],
  make: (item: T, index: number) => Node,
  before: Node | null = null,
): Promise<void> {
  sliceElapsed(); // the slice's clock starts before the first node is made, not after it
  let batch = document.createDocumentFragment();
  for (let index = 0; index < items.length; index += 1) {
    batch.append(make(items[index]!, index));
    if (sliceElapsed() >= BUDGET_MS) {
      parent.insertBefore(batch, before);
      batch = document.createDocumentFragment();
      await breathe();
      if (!drawing.current()) return;
    }
  }
  if (drawing.current()) parent.insertBefore(batch, before);
}
