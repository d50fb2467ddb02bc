/** The syntax-error rule against its fixtures (tests/fixtures/checker/rules/syntax-error/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('syntax-error');
