/**
 * The page's side of the database worker: one worker per tab, a queue of independent requests,
 * time limits, and a restart when a request must be stopped (PGlite cannot cancel a query; only
 * terminating the worker ends it). A request never stays pending: if the worker goes, its caller
 * gets a named error.
 *
 * Requests go to the worker one at a time, so the page always knows which one is running: a Stop or
 * a time limit then ends exactly that request, and the ones still waiting are simply sent to the
 * next worker (each carries its StateSpec, so an example's state is replayed there).
 *
 * Over 300 lines on purpose: the queue, the time limits, Stop and the restarts are one state machine
 * (which request runs, which worker it runs on); split, each part would need the others' private state.
 */
import {
  isWorkerMessage,
  type WorkerRequest,
  type WorkerResponse,
  type StateSpec,
  type ScriptRun,
  type RunResult,
  type ScriptResult,
  type LabRequest,
  type LabCommandResult,
  type LockTrace,
  type FillReport,
  type RunOutcome,
  type Notice,
  type WorkerMessage,
} from './protocol.ts';
import { keepForOffline, rememberDatabaseAssets } from './offline-assets.ts';

import { unpackRunResult } from './run-result-wire.ts';

type RanMessage = Extract<WorkerMessage, { type: 'ran' }>;

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type WorkerRequestBody = Distribute<WorkerRequest>;

export type StopReason = 'timeout' | 'stopped' | 'crashed';

export class WorkerStoppedError extends Error {
  override name = 'WorkerStoppedError';
  readonly reason: StopReason;
  constructor(reason: StopReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export class DatabaseRequestError extends Error {
  override name = 'DatabaseRequestError';
}

/** The database could not be started after several tries; a later start() tries afresh. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export const OFFLINE_MESSAGE = 'Could not load the database: you seem to be offline. Run again when you are back online.';

export interface StartupInfo {
  startupMs: number;
  /** Of startupMs, the part spent fetching and compiling before PGlite opened. */
  downloadedMs: number;
  version: string;
}

/** The detail of a 'restart' event: everything the worker held (a lab's database too) is gone. */
export interface RestartDetail {
  reason: StopReason;
  /** The client's generation after the restart. */
  generation: number;
}

export type WorkerFactory = () => Worker;

export interface ClientOptions {
  /** Waits between start attempts; their count + 1 is how many times a start is tried. */
  startBackoffMs?: number[];
}

const DEFAULT_BACKOFF_MS = [500, 2_000];

interface Job {
  id: number;
  body: WorkerRequestBody;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve: (response: WorkerResponse) => void;
  reject: (error: Error) => void;
  /** A Run's result, which comes before the request ends (protocol.ts, `ran`). */
  onRan?: (ran: RanMessage) => void;
  timer?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

const stoppedError = () => new WorkerStoppedError('stopped', 'Stopped: you pressed Stop.');
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DatabaseClient extends EventTarget {
  readonly #createWorker: WorkerFactory;
  readonly #backoffMs: number[];
  #worker: Worker | undefined;
  #ready: Promise<StartupInfo> | undefined;
  #nextId = 1;
  #queue: Job[] = [];
  #current: Job | undefined;
  /** The request whose own Stop causes the restart under way: it ends, whether it started or not. */
  #aborting: Job | undefined;
  /** Bumped on every restart, so a caller can tell its state was lost. */
  generation = 0;
  /** How the current worker's database started, once it has. */
  startup: StartupInfo | undefined;

  constructor(createWorker: WorkerFactory, options: ClientOptions = {}) {
    super();
    this.#createWorker = createWorker;
    this.#backoffMs = options.startBackoffMs ?? DEFAULT_BACKOFF_MS;
  }

  /**
   * Starts the worker if it is not running; resolves when the database is open. A failed start is
   * tried again after a pause, a few times; then it rejects with DatabaseUnavailableError, and the
   * next call starts over.
   */
  start(): Promise<StartupInfo> {
    if (this.#ready) return this.#ready;
    const ready = this.#startWithRetries();
    this.#ready = ready;
    ready.catch(() => {
      if (this.#ready === ready) this.#ready = undefined;
    });
    return ready;
  }

  async #startWithRetries(): Promise<StartupInfo> {
    let lastError = 'unknown error';
    for (let attempt = 0; attempt <= this.#backoffMs.length; attempt += 1) {
      if (attempt > 0) await wait(this.#backoffMs[attempt - 1] ?? 0);
      try {
        return await this.#startOnce();
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    throw new DatabaseUnavailableError(isOffline() ? OFFLINE_MESSAGE : `Could not start the database: ${lastError}`);
  }

  #startOnce(): Promise<StartupInfo> {
    const worker = this.#createWorker();
    this.#worker = worker;
    return new Promise<StartupInfo>((resolve, reject) => {
      let opened = false;
      const fail = (message: string) => {
        worker.terminate();
        if (this.#worker === worker) this.#worker = undefined;
        reject(new Error(message));
      };
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (this.#worker !== worker) return;
        const message = event.data;
        if (!isWorkerMessage(message)) return;
        if (message.type === 'ready') {
          opened = true;
          this.startup = { startupMs: message.startupMs, downloadedMs: message.downloadedMs, version: message.version };
          resolve(this.startup);
          // A task later, once a request that waited for the start is on its way: nobody waits for this.
          setTimeout(() => keepForOffline(rememberDatabaseAssets(message.assets)), 0);
        } else if (message.type === 'startup-failed') {
          if (!opened) fail(message.error);
        } else if (message.type === 'started') {
          this.#onStarted(message.id);
        } else if (message.type === 'ran') {
          if (this.#current?.id === message.id) this.#current.onRan?.(message);
        } else if (message.type === 'retire') {
          this.restart(undefined, 'crashed');
        } else {
          this.#settle(message);
        }
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        if (this.#worker !== worker) return;
        // Before `ready` it is a failed start (a script that did not load, say): retried with a pause.
        if (!opened) {
          fail(`the database worker did not load${event.message ? ` (${event.message})` : ''}.`);
          return;
        }
        // An uncaught error or out-of-memory abort inside the worker: nothing it held can be trusted.
        this.restart(new WorkerStoppedError('crashed', `The database stopped unexpectedly${event.message ? `: ${event.message}` : ''}.`));
      });
    });
  }

  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Calls `listener` after every restart; returns a function that removes it. */
  onRestart(listener: (detail: RestartDetail) => void): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<RestartDetail>).detail);
    this.addEventListener('restart', handler);
    return () => this.removeEventListener('restart', handler);
  }

  #onStarted(id: number): void {
    const job = this.#current;
    if (!job || job.id !== id || job.timer !== undefined) return;
    job.timer = setTimeout(() => {
      if (this.#current !== job) return;
      this.restart(
        new WorkerStoppedError('timeout', `Stopped after ${Math.round(job.timeoutMs / 1000)} s: the time limit for this request.`),
      );
    }, job.timeoutMs);
  }

  #finish(job: Job): void {
    clearTimeout(job.timer);
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (this.#current === job) this.#current = undefined;
  }

  #settle(response: WorkerResponse): void {
    const job = this.#current;
    if (!job || job.id !== response.id) return;
    this.#finish(job);
    if (response.type === 'failed' && response.crashed) {
      job.reject(new WorkerStoppedError('crashed', response.error));
      this.restart(undefined, 'crashed');
      return;
    }
    if (response.type === 'failed') job.reject(new DatabaseRequestError(response.error));
    else job.resolve(response);
    this.#pump();
  }

  /**
   * Terminates the worker, ending the request it runs (rejected with `error`), and starts a fresh
   * one; requests still waiting are sent to it. Listeners of 'restart' are told.
   */
  restart(error?: WorkerStoppedError, reason: StopReason = error?.reason ?? 'crashed'): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = undefined;
    this.startup = undefined;
    this.generation += 1;
    const job = this.#current;
    if (job && job.timer === undefined && job !== this.#aborting) {
      // Sent but not started: the old worker never ran it, so the new one gets it.
      this.#current = undefined;
      this.#queue.unshift(job);
    } else if (job) {
      this.#finish(job);
      job.reject(error ?? new WorkerStoppedError(reason, 'The database restarted.'));
    }
    this.dispatchEvent(new CustomEvent<RestartDetail>('restart', { detail: { reason, generation: this.generation } }));
    if (this.#queue.length > 0) this.#pump();
    else void this.start().catch(() => undefined);
  }

  /** Sends the next waiting request once the worker is open and nothing else runs there. */
  #pump(): void {
    if (this.#current || this.#queue.length === 0) return;
    const generation = this.generation;
    this.start().then(
      () => {
        if (this.#current || this.generation !== generation) return;
        const job = this.#queue.shift();
        const worker = this.#worker;
        if (!job || !worker) return;
        this.#current = job;
        worker.postMessage({ ...job.body, id: job.id } as WorkerRequest);
      },
      (error: unknown) => {
        if (this.generation !== generation) return;
        const waiting = this.#queue.splice(0);
        for (const job of waiting) {
          this.#finish(job);
          job.reject(error instanceof Error ? error : new DatabaseUnavailableError(String(error)));
        }
      },
    );
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued !== -1) {
      // Not started yet: forgetting it is enough, the worker never saw it.
      this.#queue.splice(queued, 1);
      this.#finish(job);
      job.reject(stoppedError());
    } else if (this.#current === job) {
      this.#aborting = job;
      try {
        this.restart(stoppedError());
      } finally {
        this.#aborting = undefined;
      }
    }
  }

  #request(body: WorkerRequestBody, timeoutMs: number, signal?: AbortSignal, onRan?: Job['onRan']): Promise<WorkerResponse> {
    if (signal?.aborted) return Promise.reject(stoppedError());
    return new Promise<WorkerResponse>((resolve, reject) => {
      const job: Job = { id: this.#nextId++, body, timeoutMs, signal, resolve, reject, ...(onRan ? { onRan } : {}) };
      if (signal) {
        job.onAbort = () => this.#abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** A request whose reply must be of type `expected`; any other reply is an error. */
  async #ask<T extends WorkerResponse['type']>(
    body: WorkerRequestBody,
    expected: T,
    timeoutMs: number,
    signal?: AbortSignal,
    onRan?: Job['onRan'],
  ): Promise<Extract<WorkerResponse, { type: T }>> {
    const response = await this.#request(body, timeoutMs, signal, onRan);
    if (response.type !== expected) throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return response as Extract<WorkerResponse, { type: T }>;
  }

  async prepare(
    state: StateSpec,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ elapsedMs: number; replayed: boolean; fill?: FillReport }> {
    const response = await this.#ask({ type: 'prepare', state }, 'prepared', timeoutMs, signal);
    return { elapsedMs: response.elapsedMs, replayed: response.replayed, ...(response.fill ? { fill: response.fill } : {}) };
  }

  /**
   * The lock trace of a Run already shown (see protocol.ts): observed on `state`, the state the Run
   * started from; the worker then holds `after`.
   */
  async trace(
    state: StateSpec,
    script: ScriptRun,
    after: StateSpec,
    outcome: RunOutcome,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ trace: LockTrace; rebuildMs: number; elapsedMs: number; fill?: FillReport }> {
    const response = await this.#ask({ type: 'trace', state, script, after, outcome }, 'traced', timeoutMs, signal);
    const { trace, rebuildMs, elapsedMs, fill } = response;
    return { trace, rebuildMs, elapsedMs, ...(fill ? { fill } : {}) };
  }

  async script(state: StateSpec, code: string, timeoutMs: number, signal?: AbortSignal): Promise<ScriptResult> {
    const response = await this.#ask({ type: 'script', state, code, timeoutMs }, 'scripted', timeoutMs, signal);
    return response.result;
  }

  async dump(state: StateSpec, timeoutMs: number, signal?: AbortSignal): Promise<{ sql: string; elapsedMs: number }> {
    const response = await this.#ask({ type: 'dump', state }, 'dumped', timeoutMs, signal);
    return { sql: response.sql, elapsedMs: response.elapsedMs };
  }

  /** A Run's whole result, the restore's notice included: it resolves when the request ends, and fails as it does. */
  async run(
    state: StateSpec,
    script: ScriptRun,
    options: { nextKey: string; maxRows: number; timeoutMs: number; signal?: AbortSignal },
  ): Promise<RunResult> {
    const { result, ended } = await this.#run(state, script, options);
    const { notice } = await ended;
    if (notice) result.notices.push(notice);
    return result;
  }

  /**
   * A Run's result as soon as the worker has it, with the report of the rows generated for its state
   * when that happened on the way ("with N rows"). `settled` follows once the database is put back
   * (the request ends there, its time limit and Stop cover it): the notice of what that removed or
   * why the database is replaced, if any. A request that ends otherwise (Stop, a time limit, a
   * crash) settles with none: the restart says what happened.
   */
  async runWithFill(
    state: StateSpec,
    script: ScriptRun,
    options: { nextKey: string; maxRows: number; timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ result: RunResult; fill?: FillReport; settled: Promise<Notice | undefined> }> {
    const { result, fill, ended } = await this.#run(state, script, options);
    const settled = ended.then(
      (end) => end.notice,
      () => undefined,
    );
    return { result, settled, ...(fill ? { fill } : {}) };
  }

  /** The result once the worker sends it (`ran`), and the request's end (`run-settled`) to come. */
  async #run(
    state: StateSpec,
    script: ScriptRun,
    options: { nextKey: string; maxRows: number; timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ result: RunResult; fill?: FillReport; ended: Promise<Extract<WorkerResponse, { type: 'run-settled' }>> }> {
    const { timeoutMs, signal, ...rest } = options;
    let onRan: (ran: RanMessage) => void = () => {};
    const ran = new Promise<RanMessage>((resolve) => (onRan = resolve));
    const ended = this.#ask({ type: 'run', state, script, ...rest }, 'run-settled', timeoutMs, signal, onRan);
    // `ran` settles the race whenever the result came: always a message before the request's end.
    // A request that fails before its result rejects here; after it, only `ended` does.
    const response = await Promise.race([
      ran,
      ended.then(() => Promise.reject(new DatabaseRequestError('The Run ended without its result.'))),
    ]);
    const result = await unpackRunResult(response);
    return { result, ended, ...(response.fill ? { fill: response.fill } : {}) };
  }

  async lab(request: LabRequest, timeoutMs: number, signal?: AbortSignal): Promise<LabCommandResult> {
    const response = await this.#ask({ type: 'lab', ...request }, 'lab-ran', timeoutMs, signal);
    return response.result;
  }
}
