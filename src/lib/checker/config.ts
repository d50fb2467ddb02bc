/**
 * The checker's configuration: a `migration-field-guide` key in package.json or a
 * `.migration-field-guide.json` file, validated with zod so a typo is a clear message, not a
 * silently ignored setting.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// zod itself, not astro/zod: the command line runs from a packed install, where Astro is not installed.
import { z } from 'zod';
import { RULE_INFO } from './rules/catalog.ts';
import type { RuleId } from './rules/types.ts';

const severity = z.enum(['error', 'warning', 'info']);

export const configSchema = z
  .object({
    /** Per rule: false (off), true (its own severity) or a severity. */
    rules: z.record(z.string(), z.union([z.boolean(), severity, z.literal('off')])).optional(),
    prisma: z.enum(['7.3', '7.4']).optional(),
    postgres: z.number().int().min(12).max(18).optional(),
    siteUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).optional(),
    failOn: severity.optional(),
  })
  .strict();

export type CheckerConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const CONFIG_FILE = '.migration-field-guide.json';
export const PACKAGE_KEY = 'migration-field-guide';

function validate(value: unknown, where: string): CheckerConfig {
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
  throw new ConfigError(`${where} is not a valid configuration: ${issues}`);
}

async function readJson(path: string): Promise<unknown | undefined> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

/** An explicit --config file, else .migration-field-guide.json, else package.json's key, else nothing. */
export async function loadConfig(cwd: string, explicit?: string): Promise<CheckerConfig> {
  if (explicit) {
    const value = await readJson(explicit);
    if (value === undefined) throw new ConfigError(`--config: ${explicit} does not exist`);
    return validate(value, explicit);
  }
  const file = await readJson(join(cwd, CONFIG_FILE));
  if (file !== undefined) return validate(file, CONFIG_FILE);
  const pkg = await readJson(join(cwd, 'package.json'));
  if (pkg && typeof pkg === 'object' && PACKAGE_KEY in pkg)
    return validate((pkg as Record<string, unknown>)[PACKAGE_KEY], `package.json "${PACKAGE_KEY}"`);
  return {};
}

/** The rules setting as severity overrides for the report. */
export function severityOverrides(config: CheckerConfig): Record<string, 'error' | 'warning' | 'info' | 'off'> {
  const overrides: Record<string, 'error' | 'warning' | 'info' | 'off'> = {};
  for (const [rule, setting] of Object.entries(config.rules ?? {})) {
    if (setting === false || setting === 'off') overrides[rule] = 'off';
    // true: on at the rule's own severity (which also turns on an opt-in rule).
    else overrides[rule] = setting === true ? (RULE_INFO[rule as RuleId]?.severity ?? 'warning') : setting;
  }
  return overrides;
}
