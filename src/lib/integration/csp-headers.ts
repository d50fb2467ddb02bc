/**
 * Completes Astro's Content-Security-Policy after the build and ships it as a `_headers` file too.
 *
 * Astro writes the policy into each page's <meta> and hashes the scripts it bundles, but not the
 * `is:inline` ones (the theme script that must run before first paint, the sidebar's): without their
 * hashes the policy would block them. Here each page's meta lists the hashes of its own inline
 * scripts, and only those. Then `_headers` (the format Cloudflare Pages and Netlify read) gets the same policy
 * for each page, plus what only a header can carry (frame-ancestors). Worker scripts do not get the
 * page policy (a worker takes its policy from its own response, and the script sandbox needs
 * `new Function`); a worker named in `workerPolicies` gets its own, e.g. the script sandbox a policy
 * that forbids every request, a second wall behind its lockdown on hosts that read `_headers`.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;
const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
// Only these are executed; JSON data blocks (`type="application/json"`) need no hash.
const EXECUTABLE_TYPE = /^(|text\/javascript|module|application\/javascript)$/i;

function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The hashes of a page's inline, executable scripts. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? '';
    if (EXECUTABLE_TYPE.test(type.trim())) hashes.push(scriptHash(body));
  }
  return hashes;
}

/**
 * `policy` whose script-src lists exactly `hashes`: the page's own inline scripts. Astro lists the
 * hash of every script of the whole site on every page; the external ones are allowed by 'self'
 * anyway (no 'strict-dynamic' here), and another page's inline scripts are not on this one, so those
 * hashes only cost bytes: ~0.4 KB gzip a page, incompressible, before any interaction.
 */
export function withScriptHashes(policy: string, hashes: string[]): string {
  return policy
    .split(';')
    .map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (name !== 'script-src') return directive.trim();
      return [name, ...new Set([...sources.filter((source) => !source.startsWith("'sha256-")), ...hashes])].join(' ');
    })
    .filter(Boolean)
    .join('; ');
}

/** Decodes the meta's attribute value (Astro escapes quotes only when it must). */
const unescapeAttribute = (value: string) => value.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/** One page: its meta completed with its inline scripts' hashes; the new HTML and the policy. */
export function completePagePolicy(html: string): { html: string; policy: string } | undefined {
  const meta = META.exec(html);
  if (!meta) return undefined;
  const policy = withScriptHashes(unescapeAttribute(meta[1]!), inlineScriptHashes(html));
  return { html: html.replace(meta[0], `<meta http-equiv="content-security-policy" content="${escapeAttribute(policy)}">`), policy };
}

export interface WorkerPolicy {
  /** Matches the worker's built file name in _astro/. */
  file: RegExp;
  policy: string;
}

export function headersFile(
  pages: { path: string; policy: string }[],
  headerOnly: string[],
  workers: { path: string; policy: string }[] = [],
): string {
  const rules = [...pages.map(({ path, policy }) => ({ path, policy: [policy, ...headerOnly].join('; ') })), ...workers].map(
    ({ path, policy }) => [path, `  Content-Security-Policy: ${policy}`, '  X-Content-Type-Options: nosniff'].join('\n'),
  );
  return `# Generated at build by src/lib/integration/csp-headers.ts: each page's policy, as in its <meta>.\n${rules.join('\n')}\n`;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : name.endsWith('.html') ? [path] : [];
  });
}

export function cspHeadersIntegration(options: { headerOnly: string[]; workerPolicies?: WorkerPolicy[] }): AstroIntegration {
  return {
    name: 'csp-headers',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pages: { path: string; policy: string }[] = [];
        for (const file of htmlFiles(root)) {
          const completed = completePagePolicy(readFileSync(file, 'utf8'));
          if (!completed) continue;
          writeFileSync(file, completed.html);
          const path = `/${relative(root, file).replaceAll('\\', '/')}`;
          pages.push({ path: path.replace(/(^|\/)index\.html$/, '$1'), policy: completed.policy });
        }
        const assets = readdirSync(join(root, '_astro'));
        const workers = (options.workerPolicies ?? []).flatMap(({ file, policy }) => {
          const matches = assets.filter((name) => file.test(name));
          if (matches.length === 0) throw new Error(`csp-headers: no built worker matches ${file}`);
          return matches.map((name) => ({ path: `/_astro/${name}`, policy }));
        });
        writeFileSync(join(root, '_headers'), headersFile(pages, options.headerOnly, workers));
        logger.info(
          `Content-Security-Policy: inline scripts hashed; _headers written for ${pages.length} pages and ${workers.length} worker(s)`,
        );
      },
    },
  };
}
