/**
 * What a reader is told when part of the page could not be fetched. Shared by the always-loaded
 * <live-sql> element and the lazily loaded controllers, so it stays tiny and has no imports.
 */

/** A failed fetch or a failed dynamic import, as browsers word them. */
export function isNetworkFailure(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  return (
    name === 'DatabaseUnavailableError' ||
    /dynamically imported module|Failed to fetch|NetworkError|Load failed|importing a module script failed|could not be loaded/i.test(
      message,
    )
  );
}

/** "Could not load the editor: you seem to be offline. Press Edit again when you are back online." */
export function loadFailureMessage(what: string, action: string): string {
  return navigator.onLine
    ? `Could not load ${what}: the network request failed. Press ${action} again to retry.`
    : `Could not load ${what}: you seem to be offline. Press ${action} again when you are back online.`;
}
