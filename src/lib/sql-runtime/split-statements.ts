/**
 * Splits a script into statements the way psql does before sending each one: by top-level
 * semicolons, skipping those inside quotes, dollar-quoted bodies, comments and parentheses.
 * Offsets are kept so errors and markers point into the reader's text.
 */
import { lineAt } from './text-lines.ts';

export interface StatementSpan {
  text: string;
  start: number;
  end: number;
}

const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

export function splitStatements(script: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = 0;
  let depth = 0;
  const push = (end: number) => {
    // Leading blank lines belong to no statement, so markers start on the statement's first word.
    const from = start + (script.slice(start, end).length - script.slice(start, end).trimStart().length);
    const text = script.slice(from, end);
    if (hasCode(text)) spans.push({ text, start: from, end });
  };
  scanCode(script, (i, c) => {
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      push(i + 1);
      start = i + 1;
    }
  });
  push(script.length);
  return spans;
}

/** A psql meta-command (`\i file`, `\c`, `\copy`, `\d`): psql runs these itself, they are not SQL. */
export interface MetaCommand {
  /** 1-based line number. */
  line: number;
  text: string;
}

/** The first line that starts with a backslash outside quotes, comments and dollar-quoted bodies. */
export function findMetaCommand(script: string): MetaCommand | undefined {
  let found: number | undefined;
  scanCode(script, (i, c) => {
    if (found !== undefined || c !== '\\') return;
    const lineStart = script.lastIndexOf('\n', i - 1) + 1;
    if (script.slice(lineStart, i).trim() === '') found = i;
  });
  if (found === undefined) return undefined;
  const lineEnd = script.indexOf('\n', found);
  return {
    line: lineAt(script, found),
    text: script.slice(found, lineEnd === -1 ? script.length : lineEnd).trim(),
  };
}

/** Calls `visit` for every character that is code: not in a comment, a quoted string or a dollar-quoted body. */
function scanCode(script: string, visit: (index: number, char: string) => void): void {
  let i = 0;
  while (i < script.length) {
    const c = script[i] as string;
    const next = script[i + 1];
    if (c === '-' && next === '-') {
      const newline = script.indexOf('\n', i);
      i = newline === -1 ? script.length : newline + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(script, i);
    } else if (c === "'" || c === '"') {
      i = skipQuoted(script, i, c);
    } else if (c === '$') {
      const tag = DOLLAR_TAG.exec(script.slice(i, i + 64))?.[0];
      if (tag && !/[\w$]/.test(script[i - 1] ?? '')) {
        const close = script.indexOf(tag, i + tag.length);
        i = close === -1 ? script.length : close + tag.length;
      } else {
        i += 1;
      }
    } else {
      visit(i, c);
      i += 1;
    }
  }
}

function skipQuoted(script: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < script.length) {
    if (script[j] === quote) {
      if (script[j + 1] === quote)
        j += 2; // doubled quote is an escaped quote
      else return j + 1;
    } else if (quote === "'" && script[j] === '\\' && isEscapeString(script, i)) {
      j += 2;
    } else {
      j += 1;
    }
  }
  return script.length;
}

/** E'...' strings treat backslash as an escape; standard strings do not. */
function isEscapeString(script: string, quoteIndex: number): boolean {
  const prefix = script[quoteIndex - 1];
  return (prefix === 'E' || prefix === 'e') && !/\w/.test(script[quoteIndex - 2] ?? '');
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(script: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < script.length) {
    if (script[j] === '/' && script[j + 1] === '*') {
      depth += 1;
      j += 2;
    } else if (script[j] === '*' && script[j + 1] === '/') {
      depth -= 1;
      j += 2;
      if (depth === 0) return j;
    } else {
      j += 1;
    }
  }
  return script.length;
}

/** True when the text has anything besides whitespace, comments and semicolons. */
export function hasCode(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = skipBlockComment(text, i);
    } else if (/\s|;/.test(c)) {
      i += 1;
    } else {
      return true;
    }
  }
  return false;
}
