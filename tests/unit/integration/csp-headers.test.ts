import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withScriptHashes, completePagePolicy, headersFile, inlineScriptHashes } from '../../../src/lib/integration/csp-headers.ts';

const sha = (source: string) => `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
const THEME = "\n  document.documentElement.classList.add('js');\n";

describe('inlineScriptHashes', () => {
  it('hashes inline executable scripts exactly as written, and skips external and JSON ones', () => {
    const html = `<script>${THEME}</script><script type="module">go()</script><script src="/a.js"></script><script type="application/json">{"a":1}</script>`;
    expect(inlineScriptHashes(html)).toEqual([sha(THEME), sha('go()')]);
  });
});

describe('completePagePolicy', () => {
  it("adds the page's inline script hashes to script-src in its meta, once each", () => {
    const html = `<head><meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self' ${sha('go()')}; style-src 'self'"></head><script>${THEME}</script><script>go()</script>`;
    const completed = completePagePolicy(html)!;
    // In the page's order, whatever order Astro listed them in.
    expect(completed.policy).toBe(`default-src 'self'; script-src 'self' ${sha(THEME)} ${sha('go()')}; style-src 'self'`);
    expect(completed.html).toContain(`content="${completed.policy}"`);
  });

  it('leaves a page without a policy alone', () => {
    expect(completePagePolicy('<p>no policy</p>')).toBeUndefined();
  });
});

describe('headersFile', () => {
  it('gives each page its policy plus the header-only directives', () => {
    const text = headersFile([{ path: '/guide/a/', policy: "script-src 'self'" }], ["frame-ancestors 'none'"]);
    expect(text).toContain("/guide/a/\n  Content-Security-Policy: script-src 'self'; frame-ancestors 'none'\n");
  });

  it("gives a named worker its own policy, without the pages' header-only directives", () => {
    const text = headersFile([], ["frame-ancestors 'none'"], [{ path: '/_astro/sandbox-1.js', policy: "default-src 'none'" }]);
    expect(text).toContain("/_astro/sandbox-1.js\n  Content-Security-Policy: default-src 'none'\n");
  });

  it('puts hashes only in script-src', () => {
    expect(withScriptHashes("style-src 'self'; script-src 'self'", ["'sha256-x'"])).toBe("style-src 'self'; script-src 'self' 'sha256-x'");
  });

  it("keeps only the page's own inline scripts' hashes: the site-wide ones Astro lists are dropped", () => {
    expect(withScriptHashes("script-src 'self' 'wasm-unsafe-eval' 'sha256-other' 'sha256-x'", ["'sha256-x'"])).toBe(
      "script-src 'self' 'wasm-unsafe-eval' 'sha256-x'",
    );
  });
});
