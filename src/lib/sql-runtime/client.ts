/**
 * The page's side of the database worker: one worker per tab, request ids, time limits, and a
 * restart when a script must be stopped (PGlite cannot cancel a query; only terminating the worker
 * ends it). A request never stays pending: if the worker goes, its callers get a named error.
 */
import { isWorkerMessage, type WorkerRequest, type WorkerResponse, type StateSpec, type ScriptRun, type RunResult, type ScriptResult, type LabRequest, type LabCommandResult } from './protocol.ts';

import { unpackRunResult } from './run-result-wire.ts';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type WorkerRequestBody = Distribute<WorkerRequest>;

export class WorkerStoppedError extends Error {
  override name = 'WorkerStoppedError';
  readonly reason: 'timeout' | 'stopped' | 'crashed';
  constructor(reason: 'timeout' | 'stopped' | 'crashed', message: string) {
    super(message);
    this.reason = reason;
  }
}

export class DatabaseRequestError extends Error {
  override name = 'DatabaseRequestError';
}

export interface StartupInfo {
  startupMs: number;
  /** Of startupMs, the part spent fetching and compiling before PGlite opened. */
  downloadedMs: number;
  version: string;
}

export type WorkerFactory = () => Worker;

interface Pending {
  resolve: (response: WorkerResponse) => void;
  reject: (error: Error) => void;
}

export class DatabaseClient {
  readonly #createWorker: WorkerFactory;
  #worker: Worker | undefined;
  #ready: Promise<StartupInfo> | undefined;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  /** Bumped on every restart, so a caller can tell its state was lost. */
  generation = 0;
  /** How the current worker's database started, once it has. */
  startup: StartupInfo | undefined;

  constructor(createWorker: WorkerFactory) {
    this.#createWorker = createWorker;
  }

  /** Starts the worker if it is not running; resolves when the database is open. */
  start(): Promise<StartupInfo> {
    if (this.#ready) return this.#ready;
    const worker = this.#createWorker();
    this.#worker = worker;
    this.#ready = new Promise<StartupInfo>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        const message = event.data;
        if (!isWorkerMessage(message)) return;
        if (message.type === 'ready') {
          this.startup = { startupMs: message.startupMs, downloadedMs: message.downloadedMs, version: message.version };
          resolve(this.startup);
        }
        else if (message.type === 'startup-failed') reject(new DatabaseRequestError(message.error));
        else this.#settle(message);
      });
      // An uncaught error or out-of-memory abort inside the worker: nothing it held can be trusted.
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        const error = new WorkerStoppedError('crashed', `The database stopped unexpectedly${event.message ? `: ${event.message}` : ''}.`);
        reject(error);
        this.restart(error);
      });
    });
    this.#ready.catch(() => undefined);
    return this.#ready;
  }

  get started(): boolean {
    return this.#worker !== undefined;
  }

  #settle(response: WorkerResponse): void {
    const pending = this.#pending.get(response.id);
    if (!pending) return;
    this.#pending.delete(response.id);
    if (response.type === 'failed' && response.crashed) {
      const error = new WorkerStoppedError('crashed', response.error);
      pending.reject(error);
      this.restart(error);
    } else if (response.type === 'failed') pending.reject(new DatabaseRequestError(response.error));
    else pending.resolve(response);
  }

  /** Terminates the worker (ending whatever it runs), fails its requests and starts a fresh one. */
  restart(error: WorkerStoppedError): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = undefined;
    this.startup = undefined;
    this.generation += 1;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
    void this.start().catch(() => undefined);
  }

  async #request(body: WorkerRequestBody, timeoutMs: number, signal?: AbortSignal): Promise<WorkerResponse> {
    if (signal?.aborted) throw new WorkerStoppedError('stopped', 'Stopped: you pressed Stop.');
    await this.start();
    const worker = this.#worker;
    if (!worker) throw new WorkerStoppedError('crashed', 'The database is restarting.');
    const id = this.#nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.restart(new WorkerStoppedError('timeout', `Stopped after ${Math.round(timeoutMs / 1000)} s: the time limit for this request.`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      // Contract for callers: aborting `signal` stops this request only. (For now it stops what runs.)
      signal?.addEventListener('abort', () => this.stop(), { once: true });
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** Ends the request in flight at once (the Stop button). */
  stop(): void {
    if (this.#pending.size > 0) this.restart(new WorkerStoppedError('stopped', 'Stopped: you pressed Stop.'));
  }

  async prepare(state: StateSpec, timeoutMs: number, signal?: AbortSignal): Promise<{ elapsedMs: number; replayed: boolean }> {
    const response = await this.#request({ type: 'prepare', state }, timeoutMs, signal);
    if (response.type !== 'prepared') throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return { elapsedMs: response.elapsedMs, replayed: response.replayed };
  }

  async script(state: StateSpec, code: string, timeoutMs: number, signal?: AbortSignal): Promise<ScriptResult> {
    const response = await this.#request({ type: 'script', state, code }, timeoutMs, signal);
    if (response.type !== 'scripted') throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return response.result;
  }

  async dump(state: StateSpec, timeoutMs: number, signal?: AbortSignal): Promise<{ sql: string; elapsedMs: number }> {
    const response = await this.#request({ type: 'dump', state }, timeoutMs, signal);
    if (response.type !== 'dumped') throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return { sql: response.sql, elapsedMs: response.elapsedMs };
  }

  async run(state: StateSpec, script: ScriptRun, options: { nextKey: string; maxRows: number; timeoutMs: number; signal?: AbortSignal }): Promise<RunResult> {
    const { timeoutMs, signal, ...rest } = options;
    const response = await this.#request({ type: 'run', state, script, ...rest }, timeoutMs, signal);
    if (response.type !== 'ran') throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return unpackRunResult(response);
  }

  async lab(request: LabRequest, timeoutMs: number, signal?: AbortSignal): Promise<LabCommandResult> {
    const response = await this.#request({ type: 'lab', ...request }, timeoutMs, signal);
    if (response.type !== 'lab-ran') throw new DatabaseRequestError(`Unexpected reply ${response.type}.`);
    return response.result;
  }
}
