/**
 * The Prisma versions whose way of sending a migration the site reproduces. The only place their
 * names and labels live: examples, labs and the checker read them from here.
 *
 * - '7.4': Prisma 7.4 and later (7.10 today) split a migration where sqlparser 0.62 finds statement
 *   boundaries and send each statement as its own simple query, so each commits on its own; a file
 *   sqlparser cannot parse goes as one batch (prisma-engines #5767, #5799, #5847).
 * - '7.3': Prisma up to 7.3 (and all of 5.x/6.x) send the whole file as one simple query, which
 *   PostgreSQL runs as one implicit transaction.
 */
export const PRISMA_TARGETS = [
  { id: '7.4', label: 'Prisma 7.4+ (7.10)', short: '7.4+', sends: 'one statement at a time, each committed on its own' },
  { id: '7.3', label: 'Prisma ≤ 7.3', short: '≤ 7.3', sends: 'the whole file as one batch: one implicit transaction' },
] as const;

export type PrismaTarget = (typeof PRISMA_TARGETS)[number]['id'];

export const DEFAULT_PRISMA_TARGET: PrismaTarget = '7.4';

/** The target that always sends a file as one batch (also what `db execute` does in every version). */
export const ONE_BATCH_TARGET: PrismaTarget = '7.3';

export function isPrismaTarget(value: unknown): value is PrismaTarget {
  return PRISMA_TARGETS.some((target) => target.id === value);
}

export function prismaTargetInfo(target: PrismaTarget): (typeof PRISMA_TARGETS)[number] {
  return PRISMA_TARGETS.find((item) => item.id === target) ?? PRISMA_TARGETS[0];
}

export function prismaTargetLabel(target: PrismaTarget): string {
  return prismaTargetInfo(target).label;
}

/** What a reader or a command line may type for a target: `7.3`, `7.4`, or a later 7.x (`7.10`). */
export function parsePrismaTarget(text: string): PrismaTarget | undefined {
  const match = /^\s*(?:v)?(\d+)\.(\d+)(?:\.\d+)?\+?\s*$/.exec(text);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < 7 || (major === 7 && minor <= 3)) return '7.3';
  return '7.4';
}
