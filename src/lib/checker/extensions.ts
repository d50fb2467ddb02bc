/**
 * What the checker adds to the shared extension table (sql-runtime/extensions.ts): an extension
 * PGlite lacks is named once and what depends on it is "cannot run", never a failure.
 */
import type { RunOutcome } from './check.ts';

export {
  extensionsCreated,
  isAvailable,
  isBundled,
  unavailableExtensionMessage,
  withoutExtensions,
} from '../sql-runtime/extension-names.ts';

/**
 * SQLSTATEs of a statement that failed because an object an unavailable extension would have made
 * is missing (its type, function, operator class, or a table that could not be created without it).
 */
export const MISSING_OBJECT_CODES = new Set(['0A000', '58P01', '42704', '42883', '42P01', '42703', '3F000', '42P17']);

/** A run that failed only because objects are missing: what a migration meets after an extension could not be created. */
export const onlyMissingObjects = (outcome: RunOutcome) =>
  !outcome.ok && outcome.failures.length > 0 && outcome.failures.every((failure) => MISSING_OBJECT_CODES.has(failure.code));
