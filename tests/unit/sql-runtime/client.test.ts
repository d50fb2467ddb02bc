import { describe, expect, it, vi } from 'vitest';
import { DatabaseClient, WorkerStoppedError } from '../../../src/lib/sql-runtime/client.ts';
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

function setUp() {
  const workers: FakeWorker[] = [];
  const client = new DatabaseClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { client, workers };
}

const state = { key: 'a:0', setup: '', history: [] };
const ready: WorkerMessage = { type: 'ready', startupMs: 1, downloadedMs: 1, version: '18' };
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
      await vi.advanceTimersByTimeAsync(600);
      expect(await outcome).toMatchObject({ name: 'WorkerStoppedError', reason: 'timeout' });
      expect(workers[0]!.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Stop ends the request in flight at once', async () => {
    const { client, workers } = setUp();
    const run = client.run(state, { sql: 'DO $$ BEGIN LOOP END LOOP; END $$', mode: 'batch' }, { nextKey: 'a:1', maxRows: 10, timeoutMs: 10_000 });
    workers[0]!.reply(ready);
    await flush();
    client.stop();
    await expect(run).rejects.toMatchObject({ reason: 'stopped' });
  });

  it('a startup failure is reported, not left pending', async () => {
    const { client, workers } = setUp();
    const prepared = client.prepare(state, 1000);
    workers[0]!.reply({ type: 'startup-failed', error: 'The database snapshot could not be loaded (HTTP 404).' });
    await expect(prepared).rejects.toThrow('HTTP 404');
  });
});
