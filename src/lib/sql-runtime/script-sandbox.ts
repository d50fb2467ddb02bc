/// <reference lib="webworker" />
/**
 * The database worker's side of the script sandbox: starts a sandbox worker for one script, answers
 * its queries on the database, collects its console lines, and terminates it at the end or at the
 * time limit. The database worker stays free meanwhile, so a script stuck in a loop costs a
 * terminated sandbox, not a restarted database.
 */
import type { ParamDatabase, ScriptLine, ScriptResult } from './script-runner.ts';
import { MAX_RESULT_CHARS, MAX_SCRIPT_LINES } from './limits.ts';
import { isSandboxMessage, toSandboxError, type SandboxReply, type SandboxStart } from './script-sandbox-protocol.ts';

export async function runScriptInSandbox(db: ParamDatabase, code: string, timeLimitMs: number): Promise<ScriptResult> {
  const started = performance.now();
  const lines: ScriptLine[] = [];
  const worker = new Worker(new URL('./script-sandbox-worker.ts', import.meta.url), { type: 'module', name: 'script-sandbox' });
  const channel = new MessageChannel();
  const port = channel.port1;

  return new Promise<ScriptResult>((resolve) => {
    let finished = false;
    const finish = (exitCode: number, note?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      worker.terminate();
      port.close();
      if (note) lines.push({ stream: 'stderr', text: note });
      resolve({ lines, exitCode, elapsedMs: performance.now() - started });
    };
    const timer = setTimeout(
      () =>
        finish(
          1,
          `Stopped after ${(timeLimitMs / 1000).toFixed(1)} s: the script's time limit. What it committed before then stays in the database.`,
        ),
      timeLimitMs,
    );
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      finish(1, `The script's sandbox stopped unexpectedly${event.message ? `: ${event.message}` : ''}.`);
    });
    port.onmessage = async (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (finished || !isSandboxMessage(message)) return;
      // The sandbox cuts its own output; this side holds the line too, whatever the sandbox sends.
      if (message.type === 'line') {
        if (lines.length <= MAX_SCRIPT_LINES)
          lines.push({ stream: message.line.stream, text: message.line.text.slice(0, MAX_RESULT_CHARS) });
      } else if (message.type === 'done') finish(message.exitCode);
      else {
        let reply: SandboxReply;
        try {
          const result = await db.query(message.sql, message.params);
          reply = { id: message.id, ok: true, value: message.kind === 'execute' ? (result.affectedRows ?? 0) : result.rows };
        } catch (error) {
          reply = { id: message.id, ok: false, error: toSandboxError(error) };
        }
        if (!finished) port.postMessage(reply);
      }
    };
    const start: SandboxStart = { code, port: channel.port2 };
    worker.postMessage(start, [channel.port2]);
  });
}
