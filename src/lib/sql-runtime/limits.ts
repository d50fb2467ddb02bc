/**
 * What one request may hand the page, in one place: the worker caps results with these before
 * posting them, and the page caps what it draws. A reader's query can return far more than a tab can
 * draw (`SELECT repeat('x', 100000000)` is 100 MB in one cell); the time limit covers the worker,
 * these cover the drawing.
 */

/** Rows kept per result set; the rest are counted, not sent. */
export const MAX_ROWS = 500;
/** Characters kept per cell; a longer value is cut and marked, its whole text offered as a download. */
export const MAX_CELL_CHARS = 2_000;
/** Characters of cell text kept across one Run's result sets; rows beyond it are counted, not sent. */
export const MAX_RESULT_CHARS = 1_000_000;
/** The largest single value offered as a download (characters); larger ones are only described. */
export const MAX_DOWNLOAD_CHARS = 32 * 1024 * 1024;
/** Console lines kept per script run (each is drawn as its own element); the rest are cut and marked. */
export const MAX_SCRIPT_LINES = 1_000;
/** Characters of one value drawn in a result table; a longer one shows its start and offers the whole. */
export const CELL_CHARS_SHOWN = 500;
/** Statements drawn at once in an output; the rest behind "Show more". */
export const STATEMENTS_SHOWN = 200;
/** The largest file a reader can load into /check or a lab (bytes). */
export const MAX_FILE_BYTES = 512 * 1024;
/** The most JSON a shared link may unpack to (bytes): decompression stops there, so a crafted link cannot fill memory. */
export const MAX_SHARED_JSON_BYTES = 256 * 1024;
/** Statements a lock trace follows: it reads the catalog after each one, so a long script is not traced. */
export const MAX_TRACED_STATEMENTS = 200;
/** Migrations a lab command traces: each is traced on a fresh copy of the database (~0.5 s measured). */
export const MAX_TRACED_MIGRATIONS = 20;
/** The largest database a lab copies for a lock trace (bytes of pg_database_size): a copy costs time and memory in the tab. */
export const MAX_TRACE_COPY_BYTES = 64 * 1024 * 1024;
/** "With N rows": the sizes a reader can add to every table of an example's setup. */
export const GENERATED_ROWS_CHOICES = [10_000, 100_000, 1_000_000] as const;
/**
 * Time added to an example's limit per generated row: filling measured ~0.02 ms per row and table on
 * this machine, and a rewrite of the table in the Run costs about as much again.
 */
export const TIME_LIMIT_MS_PER_GENERATED_ROW = 0.12;
