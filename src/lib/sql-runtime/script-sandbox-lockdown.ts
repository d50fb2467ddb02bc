/**
 * Strips a worker's global scope down to the language itself before a reader's script runs in it.
 *
 * An allow-list, not a deny-list: every name on the global object and on each prototype up its chain
 * (DedicatedWorkerGlobalScope, WorkerGlobalScope) that is not plain ECMAScript or a harmless helper is
 * deleted, so a capability the browser adds next year is gone too. Deleting from the prototypes is
 * what defeats `Object.getPrototypeOf(self).constructor.prototype.fetch` and friends; there is no
 * iframe or second realm in a worker to fetch fresh copies from. Code from strings (Function,
 * the async/generator function constructors, eval, string timers) is switched off as well, so code
 * the script builds at run time cannot reach `import()` past the source check in compileScript.
 *
 * A name that cannot be deleted is reported, and the host refuses to run the script: fail closed.
 */

/** Globals a script keeps: the language's own, plus timers, text and URL helpers. */
const ALLOWED = new Set<string | symbol>([
  // ECMAScript
  'Object',
  'Function',
  'Array',
  'Number',
  'parseFloat',
  'parseInt',
  'Infinity',
  'NaN',
  'undefined',
  'Boolean',
  'String',
  'Symbol',
  'Date',
  'Promise',
  'RegExp',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'SuppressedError',
  'globalThis',
  'JSON',
  'Math',
  'Intl',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Atomics',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'Uint8ClampedArray',
  'BigUint64Array',
  'BigInt64Array',
  'DataView',
  'Map',
  'BigInt',
  'Set',
  'WeakMap',
  'WeakSet',
  'Proxy',
  'Reflect',
  'FinalizationRegistry',
  'WeakRef',
  'Iterator',
  'DisposableStack',
  'AsyncDisposableStack',
  'Temporal',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
  'isFinite',
  'isNaN',
  // Harmless helpers a migration script may use (no I/O)
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'queueMicrotask',
  'structuredClone',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'atob',
  'btoa',
  'AbortController',
  'AbortSignal',
  'crypto',
  'Crypto',
  'SubtleCrypto',
  'CryptoKey',
  'Event',
  'EventTarget',
  // Always present on prototypes
  'constructor',
  Symbol.toStringTag,
]);

function refuseStringCode(what: string): () => never {
  return () => {
    throw new EvalError(`${what} is not available here: this sandbox does not turn strings into code.`);
  };
}

/** Replaces a function-like constructor everywhere it can be reached (`fn.constructor`, the global). */
function disableConstructor(prototype: object, what: string): string[] {
  try {
    Object.defineProperty(prototype, 'constructor', { value: refuseStringCode(what), writable: false, configurable: false });
    return [];
  } catch {
    return [`${what} (constructor)`];
  }
}

function strip(target: object, refused: string[]): void {
  for (const key of Reflect.ownKeys(target)) {
    if (ALLOWED.has(key)) continue;
    if (!Reflect.deleteProperty(target, key)) {
      // Not configurable. A constant (Chromium's TEMPORARY and PERSISTENT are numbers) carries no
      // capability; anything else must at least be emptied.
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      const value: unknown = descriptor?.value;
      if (descriptor && 'value' in descriptor && (value === null || (typeof value !== 'object' && typeof value !== 'function'))) continue;
      try {
        Object.defineProperty(target, key, { value: undefined, writable: false });
      } catch {
        refused.push(String(key));
      }
    }
  }
}

export interface LockDownOptions {
  /** Called when a timer is set; the returned function when it fires or is cleared. */
  hold: () => () => void;
}

/**
 * Locks `scope` down; returns the names it could not remove (empty when the scope is safe to use).
 * Call it after everything the sandbox itself needs has been captured.
 */
export function lockDown(global: object, options: LockDownOptions): string[] {
  // The worker's own timer signatures (the DOM's and Node's types disagree on them).
  type SetTimer = (handler: unknown, ms?: number, ...args: unknown[]) => number;
  type ClearTimer = (id?: number) => void;
  const scope = global as {
    setTimeout: SetTimer;
    setInterval: SetTimer;
    clearTimeout: ClearTimer;
    clearInterval: ClearTimer;
    Function: unknown;
  };
  const refused: string[] = [];

  // String timers are eval by another name. Pending timers keep the run alive, as in Node.
  const { setTimeout: timeout, setInterval: interval, clearTimeout: clearOne, clearInterval: clearRepeat } = scope;
  const pending = new Map<number, () => void>();
  const functionOnly = (handler: unknown, name: string): ((...args: unknown[]) => void) => {
    if (typeof handler !== 'function') throw new TypeError(`${name} takes a function here: strings are not run as code.`);
    return handler as (...args: unknown[]) => void;
  };
  scope.setTimeout = (handler: unknown, ms?: number, ...args: unknown[]) => {
    const callback = functionOnly(handler, 'setTimeout');
    const release = options.hold();
    const id = timeout(function (this: unknown) {
      pending.delete(id);
      release();
      callback.apply(this, args);
    }, ms);
    pending.set(id, release);
    return id;
  };
  scope.setInterval = (handler: unknown, ms?: number, ...args: unknown[]) => {
    const callback = functionOnly(handler, 'setInterval');
    const id = interval(function (this: unknown) {
      callback.apply(this, args);
    }, ms);
    pending.set(id, options.hold());
    return id;
  };
  const clear =
    (original: ClearTimer): ClearTimer =>
    (id) => {
      if (id !== undefined) {
        pending.get(id)?.();
        pending.delete(id);
      }
      original(id);
    };
  scope.clearTimeout = clear(clearOne);
  scope.clearInterval = clear(clearRepeat);

  // Every way to build a function from text, through the global or through any function's constructor.
  const AsyncFunction = (async () => undefined).constructor;
  const GeneratorFunction = function* () {
    /* only its constructor is wanted */
  }.constructor;
  const AsyncGeneratorFunction = async function* () {
    /* only its constructor is wanted */
  }.constructor;
  refused.push(
    ...disableConstructor(Function.prototype, 'Function'),
    ...disableConstructor(AsyncFunction.prototype, 'AsyncFunction'),
    ...disableConstructor(GeneratorFunction.prototype, 'GeneratorFunction'),
    ...disableConstructor(AsyncGeneratorFunction.prototype, 'AsyncGeneratorFunction'),
  );
  scope.Function = refuseStringCode('Function');

  for (let target: object | null = scope; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    // EventTarget.prototype is shared with AbortSignal; its methods reach nothing outside the worker.
    if (target === EventTarget.prototype) break;
    strip(target, refused);
  }
  return refused;
}
