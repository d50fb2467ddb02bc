/** The drop-then-add-column rule against its fixtures (tests/fixtures/checker/rules/drop-then-add-column/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('drop-then-add-column');
