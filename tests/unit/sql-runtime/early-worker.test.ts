import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_WORKER_SLOT, startEarlyWorker } from '../../../src/lib/sql-runtime/early-worker.ts';
import { tabDatabase } from '../../../src/lib/sql-runtime/tab-database.ts';
import { CACHED_ONLY_WORKER, DATABASE_WORKER } from '../../../src/lib/sql-runtime/worker-name.ts';

/** A worker as the page sees one: events in, nothing run. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  readonly name: string | undefined;
  terminated = false;
  constructor(_url: URL | string, options?: WorkerOptions) {
    super();
    this.name = options?.name;
    FakeWorker.made.push(this);
  }
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

describe('the early database worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as Record<symbol, unknown>)[EARLY_WORKER_SLOT];
    FakeWorker.made = [];
  });

  it('is handed to the client with what it said before, and only once', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('navigator', { onLine: true });
    startEarlyWorker();
    startEarlyWorker();
    expect(FakeWorker.made.map((worker) => worker.name)).toEqual([CACHED_ONLY_WORKER]);
    const early = FakeWorker.made[0]!;
    // Its start finished before the client (which loads with the example controller) was there.
    const ready = { type: 'ready', startupMs: 1, downloadedMs: 1, version: '18', assets: [] };
    early.dispatchEvent(new MessageEvent('message', { data: ready }));
    const client = tabDatabase();
    await expect(client.start()).resolves.toMatchObject({ version: '18' });
    expect(FakeWorker.made).toHaveLength(1);
    // A restart makes an ordinary worker: the early one is not taken twice.
    client.restart(undefined, 'crashed');
    expect(early.terminated).toBe(true);
    expect(FakeWorker.made.map((worker) => worker.name)).toEqual([CACHED_ONLY_WORKER, 'database']);
    // And a later check on the same page starts no second early worker.
    startEarlyWorker();
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('is dropped when its start fails, so the client makes an ordinary worker at once', () => {
    vi.stubGlobal('Worker', FakeWorker);
    startEarlyWorker();
    const early = FakeWorker.made[0]!;
    early.dispatchEvent(new MessageEvent('message', { data: { type: 'startup-failed', error: 'not cached' } }));
    expect(early.terminated).toBe(true);
    const slot = globalThis as Record<symbol, (() => Worker) | null | undefined>;
    expect(slot[EARLY_WORKER_SLOT]).toBeUndefined();
  });

  it("started by a Run may download; a returning reader's later check starts no second one", () => {
    vi.stubGlobal('Worker', FakeWorker);
    startEarlyWorker({ download: true });
    startEarlyWorker();
    expect(FakeWorker.made.map((worker) => worker.name)).toEqual([DATABASE_WORKER]);
    const slot = globalThis as Record<symbol, (() => Worker) | null | undefined>;
    expect(slot[EARLY_WORKER_SLOT]?.()).toBe(FakeWorker.made[0]);
  });

  it('that cannot be made leaves the slot empty and does not throw: the client tries its own and says why', () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new DOMException('module workers are not supported', 'SecurityError');
        }
      },
    );
    expect(() => startEarlyWorker({ download: true })).not.toThrow();
    const slot = globalThis as Record<symbol, (() => Worker) | null | undefined>;
    expect(slot[EARLY_WORKER_SLOT]).toBeUndefined();
  });
});
