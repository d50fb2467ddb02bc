/**
 * Appending many nodes without freezing the page: work is cut into slices that each stay within a
 * small time budget, with a drawn frame between them so input and timers get their turn and each
 * layout is one slice's.
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
// queue up behind the same task source and are served in order. (Where there are no frames to wait for.)
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

/** Longest wait for a frame: a hidden page draws none, and its drawing must still finish. */
const FRAME_WAIT_MS = 100;

/** What laying out one slice's nodes may cost. */
const LAYOUT_BUDGET_MS = 12;

/** Items in a first slice, before its layout has said what this drawing's items cost. */
const FIRST_SLICE_ITEMS = 50;

/** Waits for the next frame (what was inserted gets painted), or FRAME_WAIT_MS when none comes. */
function nextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return nextTask();
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, FRAME_WAIT_MS);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    });
  });
}

/**
 * Lays out what a slice inserted, now, and says how long that took. Making nodes is cheap and
 * laying them out is not, and left to the browser the layout came where it could not be measured or
 * bounded: in the hover update's hit test, for every row inserted since the last frame (a 500-row
 * result: layouts of 80-420 rows, 50-152 ms of CPU, traced 2026-12-02). Laid out here, each layout
 * is one slice's, and its cost sizes the next slice.
 */
function layOut(parent: Node): number {
  const started = performance.now();
  if (typeof Element !== 'undefined' && parent instanceof Element) parent.getBoundingClientRect();
  return performance.now() - started;
}

/** The next slice's size: scaled so that its layout fits LAYOUT_BUDGET_MS, at most doubling. */
export function nextSliceItems(items: number, layoutMs: number): number {
  return Math.max(1, Math.min(items * 2, Math.floor((items * LAYOUT_BUDGET_MS) / Math.max(layoutMs, 1))));
}

/**
 * Appends `make(item)` for every item, slice by slice, before `before` (or at the end). A slice ends
 * when its time budget is spent or when it holds as many items as the last layout said can be laid
 * out in LAYOUT_BUDGET_MS; the next starts after the frame that painted it.
 */
export async function appendInSlices<T>(
  drawing: Drawing,
  parent: Node,
  items: readonly T[],
  make: (item: T, index: number) => Node,
  before: Node | null = null,
): Promise<void> {
  sliceElapsed(); // the slice's clock starts before the first node is made, not after it
  let batch = document.createDocumentFragment();
  let sliceItems = FIRST_SLICE_ITEMS;
  let inSlice = 0;
  for (let index = 0; index < items.length; index += 1) {
    batch.append(make(items[index]!, index));
    inSlice += 1;
    if (sliceElapsed() >= BUDGET_MS || inSlice >= sliceItems) {
      parent.insertBefore(batch, before);
      batch = document.createDocumentFragment();
      sliceItems = nextSliceItems(inSlice, layOut(parent));
      inSlice = 0;
      await nextFrame();
      if (!drawing.current()) return;
    }
  }
  if (drawing.current()) parent.insertBefore(batch, before);
}
