/**
 * `--since <ref>`: the migration files changed since a git ref (or new and not yet committed),
 * from git itself (`git diff --name-only`, `git ls-files --others`).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class GitError extends Error {
  override name = 'GitError';
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new GitError('--since needs git, and git is not installed here.');
    throw new GitError((failure.stderr ?? failure.message).trim().split('\n')[0] ?? 'git failed');
  }
}

/** Absolute paths of the files under `dir` that differ from `ref` or are new. */
export async function changedSince(ref: string, dir: string): Promise<Set<string>> {
  const absolute = resolve(dir);
  let top: string;
  try {
    top = (await git(absolute, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new GitError(`--since needs a git repository, and ${dir} is not inside one (${(error as Error).message}).`);
  }
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`--since: git does not know "${ref}" (fetch it first? in CI, a shallow clone may lack it: fetch-depth: 0).`);
  }
  const changed = await git(top, ['diff', '--name-only', '--no-renames', ref, '--', absolute]);
  const added = await git(top, ['ls-files', '--others', '--exclude-standard', '--full-name', '--', absolute]);
  return new Set(
    `${changed}\n${added}`
      .split('\n')
      .filter(Boolean)
      .map((file) => resolve(top, file)),
  );
}
