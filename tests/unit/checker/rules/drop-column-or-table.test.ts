/** The drop-column-or-table rule against its fixtures (tests/fixtures/checker/rules/drop-column-or-table/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('drop-column-or-table');
