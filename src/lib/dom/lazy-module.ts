/**
 * A chunk loaded on first use, once. A failed load is forgotten, so the reader's next try asks
 * the network again instead of failing for good; and because browsers that predate
 * whatwg/html#10327 remember a failed module fetch for the page's lifetime (a plain second import()
 * fails without asking the network), that second try fetches the same file under a fresh query
 * string (its own imports resolve as before), or, with `elsewhere`, the file it names instead
 * (editor/editor-chunk.ts, whose chunk's imports must be fetched afresh too).
 */
let retries = 0;

export async function importAfresh<T>(load: () => Promise<T>, elsewhere = (url: string) => url): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const url = /https?:\/\/\S+\.js/.exec(error instanceof Error ? error.message : '')?.[0];
    if (!url || !navigator.onLine) throw error;
    try {
      return (await import(/* @vite-ignore */ `${elsewhere(url)}?retry=${++retries}`)) as T;
    } catch {
      throw error;
    }
  }
}

export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= importAfresh(load).catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
