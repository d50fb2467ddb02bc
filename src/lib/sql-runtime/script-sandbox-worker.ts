/// <reference lib="webworker" />
/**
 * The script sandbox: a dedicated worker, one per script Run, started by the database worker and
 * terminated when the script ends or its time runs out. It has no DOM (a worker), and before the
 * reader's code runs, lockDown() removes the network, storage, other workers and code-from-strings;
 * the database is reachable only through the MessagePort the host hands over (the PrismaClient
 * stand-in's queries). An endless loop here blocks only this thread, which the host terminates.
 */
import { compileScript, ScriptRun, isScriptExit, type CompiledScript } from './script-runner.ts';
import { lockDown } from './script-sandbox-lockdown.ts';
import type { SandboxMessage, SandboxReply, SandboxStart } from './script-sandbox-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function start(event: MessageEvent<SandboxStart>): void {
  const { code, port } = event.data;
  const send = (message: SandboxMessage) => port.postMessage(message);
  const waiting = new Map<number, { resolve: (value: number | unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  port.onmessage = (reply: MessageEvent<SandboxReply>) => {
    const { id } = reply.data;
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    if (reply.data.ok) entry.resolve(reply.data.value);
    // Rebuilt as a real Error with PostgreSQL's fields, as the Prisma client would throw it.
    else entry.reject(Object.assign(new Error(reply.data.error.message), reply.data.error));
  };
  const run = new ScriptRun(
    (kind, sql, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        send({ type: 'query', id, kind, sql, params });
      }),
    (line) => send({ type: 'line', line }),
  );

  // Errors nobody catches (a throw in a timer, a rejected promise nobody awaits) end the script as in
  // Node: printed, exit code 1. process.exit() inside an un-awaited main() is the script ending.
  self.addEventListener('unhandledrejection', (rejection) => {
    rejection.preventDefault();
    if (!isScriptExit(rejection.reason)) run.uncaught(rejection.reason);
  });
  self.addEventListener('error', (error) => {
    error.preventDefault();
    run.uncaught(error.error ?? error.message);
  });

  let body: CompiledScript;
  try {
    body = compileScript(code);
  } catch (error) {
    run.uncaught(error);
    send({ type: 'done', exitCode: 1 });
    return;
  }
  const refused = lockDown(self, { hold: () => run.hold() });
  if (refused.length > 0) {
    run.write('stderr', `The script was not run: the sandbox could not remove ${refused.join(', ')} from its scope.`);
    send({ type: 'done', exitCode: 1 });
    return;
  }
  void run.run(body).then(() => send({ type: 'done', exitCode: run.exitCode ?? 0 }));
}

self.addEventListener('message', start, { once: true });
