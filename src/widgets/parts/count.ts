/**
 * A whole number as `toLocaleString('en-US')` writes it (12,345), without asking ICU. A page's
 * first toLocaleString loads ICU's number formatting: 42–71 ms on the main thread here (Chromium 156,
 * a fresh page), and that first call was drawing the first Run's result, inside the task that
 * received it (a cold Run's reply → result: a 211 ms task, 24 ms without it; bench/cold-trace.mjs).
 * Anything but a safe integer (never a count) is left to toLocaleString.
 */
export function count(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${grouped}` : grouped;
}
