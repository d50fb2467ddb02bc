/**
 * "Last updated" and "Edit this page" for a chapter, from the repository the site is built from.
 * The date is the last commit that touched the chapter's file, not the build's clock: a rebuild
 * without edits must not make a page look newer. Outside a git checkout (a tarball, a shallow copy
 * without the file's history) there is no date, and the page says nothing rather than a wrong one.
 */
import { execFileSync } from 'node:child_process';

export function lastCommitDate(file: string): Date | undefined {
  try {
    const iso = execFileSync('git', ['log', '-1', '--format=%cI', '--', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return iso ? new Date(iso) : undefined;
  } catch {
    return undefined;
  }
}

/** GitHub, GitLab and Gitea all open their editor at <repo>/edit/<branch>/<path>. */
export function editUrl(repository: string | undefined, branch: string, path: string): string | undefined {
  return repository ? `${repository}/edit/${branch}/${path.replace(/^\.?\//, '')}` : undefined;
}
