/**
 * The data-loss question of `migrate dev` and `db push`: without a terminal the CLI refuses (exit 1),
 * a "no" cancels (exit 130, as a Ctrl-C), and only a "yes" lets the command go on.
 */
import type { CommandContext } from './context.ts';

export interface DataLossWords {
  question: string;
  /** What the CLI prints when nobody can answer. */
  refused: string;
  /** What it prints after a "no". */
  cancelled: string;
}

export function confirmDataLoss(ctx: CommandContext, words: DataLossWords): void {
  const answer = ctx.ask(words.question);
  if (answer === undefined) {
    ctx.print(words.refused);
    ctx.exit(1);
  }
  if (!answer) {
    ctx.print(words.cancelled);
    ctx.exit(130);
  }
}
