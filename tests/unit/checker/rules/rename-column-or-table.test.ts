/** The rename-column-or-table rule against its fixtures (tests/fixtures/checker/rules/rename-column-or-table/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('rename-column-or-table');
