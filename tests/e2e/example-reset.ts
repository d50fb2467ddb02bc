// Reset of a live example, for tests that switch an example's Prisma version and start over.
import type { Locator } from '@playwright/test';
import { finished, settled } from './live-examples.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';

/** Back to the example's setup state (Reset draws no result: data-done says it finished). */
export async function reset(ex: Locator): Promise<void> {
  const before = await finished(ex);
  await ex.locator(liveUi.action('reset')).click();
  await settled(ex, before);
}
