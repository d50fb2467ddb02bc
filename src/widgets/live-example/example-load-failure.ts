import { isNetworkFailure, loadFailureMessage } from '../../lib/dom/load-failure.ts';

/** Nothing loaded for this example: say so where its result would be; the next intent tries again. */
export function showLoadFailure(example: HTMLElement, error: unknown): void {
  delete example.dataset.upgrading;
  const output = example.querySelector<HTMLElement>('[data-role="output"]');
  if (!output) return;
  const text = isNetworkFailure(error)
    ? loadFailureMessage('this live example', 'Run')
    : `Could not start this live example (${error instanceof Error ? error.message : String(error)}). Press Run again to retry.`;
  const message = document.createElement('p');
  message.className = 'summary error';
  message.textContent = text;
  output.replaceChildren(message);
  output.dataset.state = 'error';
  output.dataset.stopped = 'load-failed';
  output.dataset.done = String(Number(output.dataset.done ?? 0) + 1);
}
