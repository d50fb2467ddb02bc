import { describe, expect, it, vi } from 'vitest';
import { DatabaseClient, DatabaseUnavailableError, WorkerStoppedError, type RestartDetail } from '../../../src/lib/sql-runtime/client.ts';
import type { Notice, WorkerMessage, WorkerRequest } from '../../../src/lib/sql-runtime/protocol.ts';

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

const selectOne = { sql: 'SELECT 1', mode: 'batch' as const };
const runOptions = { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 };

/** A Run on a fresh client whose worker has sent its result (`ran`) but not yet its end. */
async function resultCame<T>(start: (client: DatabaseClient) => Promise<T>): Promise<{ pending: Promise<T>; worker: FakeWorker }> {
  const { client, workers } = setUp();
  const pending = start(client);
  const worker = workers[0]!;
  worker.reply(ready);
  await flush();
  const { id } = inFlight(worker);
  worker.reply({ type: 'started', id });
  worker.reply({ id, type: 'ran', result: { ok: true, notices: [] } as never });
  return { pending, worker };
}

/** A Run's two messages: its result, then its end once the database is put back. */
function answerRun(worker: FakeWorker, notice?: Notice): void {
  const { id } = inFlight(worker);
  worker.reply({ id, type: 'ran', result: { ok: true } as never });
  worker.reply({ id, type: 'run-settled', ...(notice ? { notice } : {}) });
}

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
      answerRun(workers[0]!);
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
    answerRun(workers[0]!);
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
    answerRun(workers[1]!);
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
    answerRun(workers[2]!);
    await expect(run).resolves.toEqual({ ok: true });
  });

  it("a Run's result comes first; the request ends with the restore's notice, and only then is the next one sent", async () => {
    const { client, workers, restarts } = setUp();
    const early = client.runWithFill(
      state,
      { sql: 'CREATE EVENT TRIGGER …', mode: 'batch' },
      { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 },
    );
    const whole = client.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    const prepared = client.prepare(state, 10_000);
    workers[0]!.reply(ready);
    await flush();
    const first = inFlight(workers[0]!);
    workers[0]!.reply({ type: 'started', id: first.id });
    workers[0]!.reply({ id: first.id, type: 'ran', result: { ok: true, notices: [] } as never });
    const { result, settled } = await early;
    expect(result).toEqual({ ok: true, notices: [] });
    await flush();
    // Still the Run's request until its end: nothing else is sent meanwhile.
    expect(workers[0]!.posted.map((request) => request.type)).toEqual(['run']);
    const removed: Notice = { severity: 'NOTICE', code: '00000', message: 'After this Run the page removed event triggers' };
    workers[0]!.reply({ id: first.id, type: 'run-settled', notice: removed });
    await expect(settled).resolves.toEqual(removed);
    await flush();
    expect(workers[0]!.posted.map((request) => request.type)).toEqual(['run', 'run']);
    // client.run waits for the end and gives the whole result, the notice included.
    const second = inFlight(workers[0]!);
    workers[0]!.reply({ id: second.id, type: 'ran', result: { ok: true, notices: [] } as never });
    workers[0]!.reply({ id: second.id, type: 'run-settled', notice: removed });
    await expect(whole).resolves.toEqual({ ok: true, notices: [removed] });
    await flush();
    const third = inFlight(workers[0]!);
    expect(third.type).toBe('prepare');
    workers[0]!.reply({ id: third.id, type: 'prepared', elapsedMs: 1, replayed: false });
    await expect(prepared).resolves.toEqual({ elapsedMs: 1, replayed: false });
    expect(restarts).toEqual([]);
  });

  it('a crash while a Run is being put back keeps its result and settles with no notice', async () => {
    const { pending, worker } = await resultCame((client) => client.runWithFill(state, selectOne, runOptions));
    const { result, settled } = await pending;
    worker.crash('boom');
    expect(result.ok).toBe(true);
    await expect(settled).resolves.toBeUndefined();
  });

  it('client.run (the tool pages) fails as the request does, even after the result came', async () => {
    const { pending, worker } = await resultCame((client) => client.run(state, selectOne, runOptions));
    worker.crash('boom');
    await expect(pending).rejects.toMatchObject({ name: 'WorkerStoppedError', reason: 'crashed' });
  });

  it('a Run that fails before its result rejects, as any request', async () => {
    const { client, workers } = setUp();
    const early = client.runWithFill(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    workers[0]!.reply(ready);
    await flush();
    workers[0]!.reply({ id: inFlight(workers[0]!).id, type: 'failed', error: "The example's setup failed" });
    await expect(early).rejects.toMatchObject({ name: 'DatabaseRequestError' });
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
