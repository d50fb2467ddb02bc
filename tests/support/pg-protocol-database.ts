/**
 * A real PostgreSQL connection behind the same `ProtocolDatabase` interface PGlite offers, so the
 * very code that runs examples in readers' browsers (session.ts) runs them against a server too.
 * It speaks the wire protocol through node-postgres's low-level Connection (no Client, which would
 * claim the replies for itself).
 */
import pg from 'pg';
import type { BackendMessage, ProtocolDatabase } from '../../src/lib/sql-runtime/session.ts';

export interface ServerConnection extends ProtocolDatabase {
  end(): Promise<void>;
}

const decoder = new TextDecoder();

export async function connectProtocol(url: string): Promise<ServerConnection> {
  const { hostname, port, pathname, username } = new URL(url);
  // The low-level Connection's connect/startup are public in node-postgres but missing from its types.
  const connection = new pg.Connection() as pg.Connection & {
    connect(port: number, host: string): void;
    startup(config: Record<string, string>): void;
  };
  let collect: ((message: BackendMessage) => void) | undefined;
  let failure: ((error: Error) => void) | undefined;
  connection.on('message', (message: BackendMessage) => collect?.(message));
  connection.on('error', (error: Error) => failure?.(error));

  const untilReady = () =>
    new Promise<BackendMessage[]>((resolve, reject) => {
      const messages: BackendMessage[] = [];
      failure = reject;
      collect = (message) => {
        messages.push(message);
        if (message.name === 'readyForQuery') resolve(messages);
      };
    });

  const ready = untilReady();
  connection.once('connect', () =>
    connection.startup({ user: decodeURIComponent(username) || 'postgres', database: pathname.slice(1) || 'postgres' }),
  );
  connection.connect(Number(port), hostname);
  const startup = await ready;
  const refused = startup.find((message) => message.name === 'error');
  if (refused) throw new Error(`could not connect: ${String((refused as { message?: unknown }).message)}`);

  let queue: Promise<unknown> = Promise.resolve();
  return {
    execProtocol(message: Uint8Array) {
      // Session.ts sends only simple Query messages: 'Q', int32 length, the SQL, a zero byte.
      const sql = decoder.decode(message.subarray(5, message.length - 1));
      const reply = queue.then(() => {
        const messages = untilReady();
        connection.query(sql);
        return messages.then((list) => ({ messages: list }));
      });
      queue = reply.catch(() => undefined);
      return reply;
    },
    end: () =>
      new Promise<void>((resolve) => {
        connection.once('end', () => resolve());
        connection.end();
      }),
  };
}
