/**
 * Where the site lives and where its source is, as configuration rather than a constant: canonical
 * links, the sitemap, social previews, the Markdown copies and "Edit this page" all follow it.
 *
 * Read from the environment first (a deploy sets `SITE_URL` / `SITE_REPOSITORY`), then from
 * package.json's own fields for the same facts (`homepage`, `repository`), so a fork configures it
 * in one place npm already knows. With neither, links point at the address `npm start` serves
 * (http://localhost:4321/) rather than at an invented domain, and there is no edit link.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';

export const LOCAL_SITE_URL = 'http://localhost:4321/';

export interface SiteConfig {
  /** Absolute, ending in a slash. */
  url: string;
  /** A browsable repository URL (https://github.com/owner/name), when one is configured. */
  repository: string | undefined;
  /** The branch edit links open. */
  branch: string;
}

const packageFields = z.object({
  homepage: z.url().optional(),
  repository: z.union([z.string(), z.object({ url: z.string() })]).optional(),
});

/** `git+https://github.com/a/b.git` and `github:a/b` become `https://github.com/a/b`. */
export function browsableRepository(value: string): string {
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(value);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return value
    .replace(/^git\+/, '')
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/\.git$/, '');
}

export function siteConfig(root: string, env: Record<string, string | undefined> = process.env): SiteConfig {
  const pkg = packageFields.parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  const url = z.url().parse(env.SITE_URL || pkg.homepage || LOCAL_SITE_URL);
  const repository = env.SITE_REPOSITORY || (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);
  return {
    url: url.endsWith('/') ? url : `${url}/`,
    repository: repository ? browsableRepository(repository) : undefined,
    branch: env.SITE_BRANCH || 'main',
  };
}
