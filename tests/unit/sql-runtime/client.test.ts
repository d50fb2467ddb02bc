import { describe, expect, it, vi } from 'vitest';
import { DatabaseClient, DatabaseUnavailableError, WorkerStoppedError, type RestartDetail } from '../../../src/lib/sql-runtime/client.ts';
import type { WorkerMessage, WorkerRequest } from '../../../src/lib/sql-runtime/protocol.ts';

/** A stand-in Worker: records what the page posts, lets the test answer or crash it. */
class FakeWorker extends EventTarget {
  posted: WorkerRequest[] = [];
  terminated = false;
  postMessage(message: WorkerRequest): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: WorkerMessage): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  crash(message: string): void {
    const event = new Event('error', { cancelable: true }) as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}

function setUp(startBackoffMs = [0, 0]) {
  const workers: FakeWorker[] = [];
  const client = new DatabaseClient(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    { startBackoffMs },
  );
  const restarts: RestartDetail[] = [];
  client.onRestart((detail) => restarts.push(detail));
  return { client, workers, restarts };
}

const state = { key: 'a:0', setup: '', history: [] };
const ready: WorkerMessage = { type: 'ready', startupMs: 1, downloadedMs: 1, version: '18', assets: [] };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('DatabaseClient', () => {
  it('starts one worker and correlates replies by id', async () => {
    const { client, workers } = setUp();
    const prepared = client.prepare(state, 1000);
    workers[0]!.reply(ready);
    await flush();
    const request = workers[0]!.posted[0]!;
    expect(request.type).toBe('prepare');
    workers[0]!.reply({ id: request.id, type: 'prepared', elapsedMs: 3, replayed: true });
    await expect(prepared).resolves.toEqual({ elapsedMs: 3, replayed: true });
    expect(workers).toHaveLength(1);
  });

  it('a crash rejects the request in flight with a named error and starts a fresh worker', async () => {
    const { client, workers } = setUp();
    const run = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 1000 });
    workers[0]!.reply(ready);
    await flush();
    workers[0]!.reply({ type: 'started', id: workers[0]!.posted[0]!.id });
    workers[0]!.crash('RuntimeError: memory access out of bounds');
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerStoppedError);
    expect((error as WorkerStoppedError).reason).toBe('crashed');
    expect((error as Error).message).toContain('memory access out of bounds');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(client.generation).toBe(1);
  });

  it('the time limit terminates the worker and rejects with reason "timeout"', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setUp();
      const run = client.run(state, { sql: 'SELECT pg_sleep(60)', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 500 });
      const outcome = run.catch((caught: unknown) => caught);
      workers[0]!.reply(ready);
      await vi.advanceTimersByTimeAsync(0);
      workers[0]!.reply({ type: 'started', id: workers[0]!.posted[0]!.id });
      await vi.advanceTimersByTimeAsync(600);
      expect(await outcome).toMatchObject({ name: 'WorkerStoppedError', reason: 'timeout' });
      expect(workers[0]!.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("aborting a request's signal ends that request in flight at once", async () => {
    const { client, workers, restarts } = setUp();
    const stop = new AbortController();
    const run = client.run(
      state,
      { sql: 'DO $$ BEGIN LOOP END LOOP; END $$', mode: 'batch' },
      { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000, signal: stop.signal },
    );
    workers[0]!.reply(ready);
    await flush();
    stop.abort();
    await expect(run).rejects.toMatchObject({ reason: 'stopped' });
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual([{ reason: 'stopped', generation: 1 }]);
  });

  it('a startup failure is retried, then reported with a named error, not left pending', async () => {
    const { client, workers } = setUp();
    const prepared = client.prepare(state, 1000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await vi.waitFor(() => expect(workers).toHaveLength(attempt + 1));
      workers[attempt]!.reply({ type: 'startup-failed', error: 'The database snapshot could not be loaded (HTTP 404).' });
    }
    const error = await prepared.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain('HTTP 404');
    expect(workers.every((worker) => worker.terminated)).toBe(true);
  });
});

/** Answers the request in flight of `worker` (the last one posted). */
const inFlight = (worker: FakeWorker) => worker.posted.at(-1)!;

describe('DatabaseClient: requests are independent', () => {
  it('a request queued behind a long one is not timed out while it waits: its limit starts when it starts', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setUp();
      const lab = client.lab({ lab: 'l', fresh: false, command: 'migrate dev', files: [], mode: '7.3' }, 90_000);
      const select = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
      const selectOutcome = select.catch((caught: unknown) => caught);
      workers[0]!.reply(ready);
      await vi.advanceTimersByTimeAsync(0);
      expect(workers[0]!.posted.map((request) => request.type)).toEqual(['lab']);
      workers[0]!.reply({ type: 'started', id: inFlight(workers[0]!).id });
      await vi.advanceTimersByTimeAsync(25_000);
      expect(workers[0]!.terminated).toBe(false);
      workers[0]!.reply({ id: inFlight(workers[0]!).id, type: 'lab-ran', result: { exitCode: 0 } as never });
      await expect(lab).resolves.toEqual({ exitCode: 0 });
      await vi.advanceTimersByTimeAsync(0);
      expect(inFlight(workers[0]!).type).toBe('run');
      workers[0]!.reply({ type: 'started', id: inFlight(workers[0]!).id });
      await vi.advanceTimersByTimeAsync(9_000);
      workers[0]!.reply({ id: inFlight(workers[0]!).id, type: 'ran', result: { ok: true } as never });
      expect(await selectOutcome).toEqual({ ok: true });
      expect(workers).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lab command keeps its own 90 s limit: a short example limit never ends it', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setUp();
      const lab = client.lab({ lab: 'l', fresh: false, command: 'migrate dev', files: [], mode: '7.3' }, 90_000);
      const labOutcome = lab.catch((caught: unknown) => caught);
      void client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 }).catch(() => undefined);
      workers[0]!.reply(ready);
      await vi.advanceTimersByTimeAsync(0);
      workers[0]!.reply({ type: 'started', id: inFlight(workers[0]!).id });
      await vi.advanceTimersByTimeAsync(89_000);
      expect(workers[0]!.terminated).toBe(false);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await labOutcome).toMatchObject({ reason: 'timeout' });
      expect(((await labOutcome) as Error).message).toContain('90 s');
    } finally {
      vi.useRealTimers();
    }
  });

  it('Stop of a queued request removes it without a restart; the one in flight goes on', async () => {
    const { client, workers, restarts } = setUp();
    const first = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    const stop = new AbortController();
    const second = client.run(
      { key: 'b:0', setup: '', history: [] },
      { sql: 'SELECT 2', mode: 'batch' },
      { nextKey: 'b:1', maxRows: 10, timeoutMs: 10_000, signal: stop.signal },
    );
    workers[0]!.reply(ready);
    await flush();
    stop.abort();
    await expect(second).rejects.toMatchObject({ reason: 'stopped' });
    expect(workers[0]!.terminated).toBe(false);
    expect(restarts).toEqual([]);
    workers[0]!.reply({ id: inFlight(workers[0]!).id, type: 'ran', result: { ok: true } as never });
    await expect(first).resolves.toEqual({ ok: true });
    expect(workers[0]!.posted.map((request) => request.type)).toEqual(['run']);
  });

  it('Stop of the request in flight ends only it: the queued one is re-sent to the new worker', async () => {
    const { client, workers, restarts } = setUp();
    const stop = new AbortController();
    const first = client.run(
      state,
      { sql: 'DO $$ BEGIN LOOP END LOOP; END $$', mode: 'batch' },
      { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000, signal: stop.signal },
    );
    const lab = client.lab({ lab: 'l', fresh: false, command: 'migrate status', files: [], mode: '7.3' }, 90_000);
    workers[0]!.reply(ready);
    await flush();
    stop.abort();
    await expect(first).rejects.toMatchObject({ reason: 'stopped' });
    expect(restarts).toEqual([{ reason: 'stopped', generation: 1 }]);
    expect(workers).toHaveLength(2);
    workers[1]!.reply(ready);
    await flush();
    expect(inFlight(workers[1]!)).toMatchObject({ type: 'lab', command: 'migrate status' });
    workers[1]!.reply({ id: inFlight(workers[1]!).id, type: 'lab-ran', result: { exitCode: 0 } as never });
    await expect(lab).resolves.toEqual({ exitCode: 0 });
  });

  it('a crash reply (a broken database) restarts, rejects only its request and re-sends the rest with their state', async () => {
    const { client, workers, restarts } = setUp();
    const first = client.run(state, { sql: 'SELECT f(1)', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    const later = { key: 'b:2', setup: 'CREATE TABLE t (id int);', history: [{ sql: 'INSERT INTO t VALUES (1)', mode: 'batch' as const }] };
    const second = client.run(later, { sql: 'SELECT * FROM t', mode: 'batch' }, { nextKey: 'b:3', maxRows: 10, timeoutMs: 10_000 });
    workers[0]!.reply(ready);
    await flush();
    workers[0]!.reply({ id: inFlight(workers[0]!).id, type: 'failed', error: 'PostgreSQL stopped working (PANIC XX000)', crashed: true });
    await expect(first).rejects.toMatchObject({ name: 'WorkerStoppedError', reason: 'crashed' });
    expect(restarts).toEqual([{ reason: 'crashed', generation: 1 }]);
    workers[1]!.reply(ready);
    await flush();
    expect(inFlight(workers[1]!)).toMatchObject({ type: 'run', state: later });
    workers[1]!.reply({ id: inFlight(workers[1]!).id, type: 'ran', result: { ok: true } as never });
    await expect(second).resolves.toEqual({ ok: true });
  });

  it('a request sent but not yet started when the worker crashes or retires is re-sent, not failed', async () => {
    const { client, workers, restarts } = setUp();
    const run = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    workers[0]!.reply(ready);
    await flush();
    workers[0]!.reply({ type: 'retire', reason: 'a change to the catalog' });
    expect(restarts).toEqual([{ reason: 'crashed', generation: 1 }]);
    workers[1]!.reply(ready);
    await flush();
    expect(inFlight(workers[1]!)).toMatchObject({ type: 'run', state });
    workers[1]!.crash('boom');
    workers[2]!.reply(ready);
    await flush();
    workers[2]!.reply({ id: inFlight(workers[2]!).id, type: 'ran', result: { ok: true } as never });
    await expect(run).resolves.toEqual({ ok: true });
  });

  it('a worker script that fails to load is tried 3 times with pauses, then stops; a later start tries afresh', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setUp([500, 2_000]);
      const run = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
      const outcome = run.catch((caught: unknown) => caught);
      workers[0]!.crash('');
      await vi.advanceTimersByTimeAsync(400);
      expect(workers).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(workers).toHaveLength(2);
      workers[1]!.crash('');
      await vi.advanceTimersByTimeAsync(2_000);
      expect(workers).toHaveLength(3);
      workers[2]!.crash('');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(workers).toHaveLength(3);
      const error = await outcome;
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).toMatch(/did not load/);
      const retry = client.start();
      expect(workers).toHaveLength(4);
      workers[3]!.reply(ready);
      await expect(retry).resolves.toMatchObject({ version: '18' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('offline, the start failure says so', async () => {
    const onLine = Object.getOwnPropertyDescriptor(globalThis.navigator, 'onLine');
    Object.defineProperty(globalThis.navigator, 'onLine', { value: false, configurable: true });
    try {
      const { client, workers } = setUp();
      const started = client.start();
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await vi.waitFor(() => expect(workers).toHaveLength(attempt + 1));
        workers[attempt]!.crash('');
      }
      await expect(started).rejects.toThrow('Could not load the database: you seem to be offline. Run again when you are back online.');
    } finally {
      if (onLine) Object.defineProperty(globalThis.navigator, 'onLine', onLine);
      else delete (globalThis.navigator as { onLine?: boolean }).onLine;
    }
  });
});
