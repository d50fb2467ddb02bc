/**
 * A reader's edits, kept in this browser per example id (localStorage) so they survive reloads and
 * later visits. Storage can be disabled, full or blocked: every call reports that instead of throwing.
 */
const PREFIX = 'mfg:edit:';

export type SaveResult = 'saved' | 'cleared' | 'unavailable';

export function readSavedEdit(id: string): string | undefined {
  try {
    const raw = localStorage.getItem(PREFIX + id);
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as { sql?: unknown };
    return typeof parsed.sql === 'string' ? parsed.sql : undefined;
  } catch {
    return undefined;
  }
}

/** Saves `sql` as the reader's edit, or forgets the edit when it equals the original. */
export function saveEdit(id: string, sql: string, original: string): SaveResult {
  try {
    if (sql === original) {
      localStorage.removeItem(PREFIX + id);
      return 'cleared';
    }
    localStorage.setItem(PREFIX + id, JSON.stringify({ sql, savedAt: new Date().toISOString() }));
    return 'saved';
  } catch {
    return 'unavailable';
  }
}

/** The same record under any full storage key: tools and labs keep their drafts beside examples'. */
export function readStored(key: string): string | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : parseStored(raw);
  } catch {
    return undefined;
  }
}

export function parseStored(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = JSON.parse(raw) as { sql?: unknown };
    return typeof parsed.sql === 'string' ? parsed.sql : undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, text: string | undefined): SaveResult {
  try {
    if (text === undefined) {
      localStorage.removeItem(key);
      return 'cleared';
    }
    localStorage.setItem(key, JSON.stringify({ sql: text, savedAt: new Date().toISOString() }));
    return 'saved';
  } catch {
    return 'unavailable';
  }
}

export const editKey = (id: string): string => PREFIX + id;

export function clearEdit(id: string): SaveResult {
  try {
    localStorage.removeItem(PREFIX + id);
    return 'cleared';
  } catch {
    return 'unavailable';
  }
}
