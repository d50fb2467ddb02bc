/**
 * Which of PGlite's bundled extensions a worker request needs: every CREATE EXTENSION in its SQL
 * (the example's setup, earlier Runs, the script, a lab's migration files). The worker reopens its
 * instance with them before serving the request, since PGlite takes extensions only at creation.
 */
import { extensionsCreated, isAvailable, isBundled, unavailableExtensionMessage } from './extension-names.ts';
import { UnsupportedInputError } from './session.ts';

/** Every string inside a request, however deep: the SQL may sit in a state, a run or a lab's file list. */
function textsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) textsOf(item, into);
  return into;
}

/**
 * The bundled extensions the request creates. One PGlite lacks (PostGIS, timescaledb, pg_cron …)
 * stops the request before anything runs, with one message naming it: running would only show
 * PostgreSQL's "could not open extension control file" and the failures that follow from it.
 */
export function extensionsRequested(request: unknown): string[] {
  // Every request passes here (setup and earlier Runs included): only text that names an extension
  // at all is parsed for its statements.
  const names = [
    ...new Set(
      textsOf(request)
        .filter((text) => /extension/i.test(text))
        .flatMap(extensionsCreated),
    ),
  ];
  const lacking = names.filter((name) => !isAvailable(name));
  if (lacking.length > 0) {
    throw new UnsupportedInputError(
      `${lacking.map(unavailableExtensionMessage).join('; ')}. Nothing was run; remove the CREATE EXTENSION and what uses it to run the rest.`,
    );
  }
  return names.filter(isBundled);
}

/**
 * A stand-in for the tab's database that always reaches the instance open now: the labs keep the
 * database they were given, and loading an extension replaces the instance under them.
 */
export function following<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const instance = current();
      const value: unknown = Reflect.get(instance, key, instance);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(instance) : value;
    },
  });
}
