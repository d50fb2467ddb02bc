// One Run timed inside the page, from the click to the output's final state, so Playwright's own
// round trips do not count; the click is a real DOM click on the Run button. Shared by npm run bench
// and bench/returning-runs.mjs.
export async function timeRun(page, selector) {
  return page.evaluate(
    (sel) =>
      new Promise((resolve, reject) => {
        const example = document.querySelector(sel);
        const output = example?.querySelector('[data-role="output"]');
        if (!example || !output) return reject(new Error(`no example ${sel}`));
        let running = false;
        const go = () => {
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (output.dataset.state === 'running') running = true;
            else if (running && /^(ok|error)$/.test(output.dataset.state ?? '')) {
              observer.disconnect();
              resolve(Math.round(performance.now() - started));
            }
          });
          observer.observe(output, { attributes: true, attributeFilter: ['data-state'] });
          example.querySelector('[data-action="run"]').click();
        };
        // A warm Run starts on an idle worker: the previous Run's lock trace (sent after its
        // result) is timed on its own, in the lock section.
        if (output.dataset.trace !== 'running') return go();
        const idle = new MutationObserver(() => {
          if (output.dataset.trace === 'running') return;
          idle.disconnect();
          go();
        });
        idle.observe(output, { attributes: true, attributeFilter: ['data-trace'] });
      }),
    selector,
  );
}
