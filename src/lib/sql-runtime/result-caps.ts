/**
 * Keeps a Run's result sets small enough to post and draw: cells cut to MAX_CELL_CHARS (the whole
 * value kept aside as a Blob while it is downloadable), rows up to the row cap, and cell text across
 * the whole Run up to MAX_RESULT_CHARS. What is left out is counted, never silently dropped.
 */
import type { ResultSet, TruncatedCell } from './results.ts';
import { MAX_CELL_CHARS, MAX_DOWNLOAD_CHARS, MAX_RESULT_CHARS } from './limits.ts';

/** What is still allowed across one Run: kept cell text, and characters offered as downloads. */
export interface ResultBudget {
  chars: number;
  downloads: number;
}

export const newBudget = (): ResultBudget => ({ chars: MAX_RESULT_CHARS, downloads: MAX_DOWNLOAD_CHARS });

export class ResultBuilder {
  readonly #set: ResultSet;
  readonly #maxRows: number;
  readonly #budget: ResultBudget;
  readonly #truncated: TruncatedCell[] = [];

  constructor(columns: string[], maxRows: number, budget: ResultBudget) {
    this.#set = { columns, rows: [], totalRows: 0 };
    this.#maxRows = maxRows;
    this.#budget = budget;
  }

  add(fields: (string | null)[]): void {
    const set = this.#set;
    set.totalRows += 1;
    if (set.cappedBy) return;
    if (set.rows.length >= this.#maxRows) {
      set.cappedBy = 'rows';
      return;
    }
    const row = set.rows.length;
    let chars = 0;
    const cut: TruncatedCell[] = [];
    const cells = fields.map((value, column) => {
      if (typeof value !== 'string') return value ?? null;
      if (value.length <= MAX_CELL_CHARS) {
        chars += value.length;
        return value;
      }
      chars += MAX_CELL_CHARS;
      // Downloads are bounded per Run too: 500 rows of 1 MB would otherwise be 500 MB of Blobs.
      const downloadable = value.length <= MAX_DOWNLOAD_CHARS && value.length <= this.#budget.downloads;
      if (downloadable) this.#budget.downloads -= value.length;
      cut.push({ row, column, length: value.length, ...(downloadable ? { full: new Blob([value], { type: 'text/plain' }) } : {}) });
      return value.slice(0, MAX_CELL_CHARS);
    });
    if (chars > this.#budget.chars) {
      set.cappedBy = 'bytes';
      return;
    }
    this.#budget.chars -= chars;
    set.rows.push(cells);
    this.#truncated.push(...cut);
  }

  finish(): ResultSet {
    return this.#truncated.length > 0 ? { ...this.#set, truncated: this.#truncated } : this.#set;
  }
}
