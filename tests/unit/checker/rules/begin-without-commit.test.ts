/** The begin-without-commit rule against its fixtures (tests/fixtures/checker/rules/begin-without-commit/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('begin-without-commit');
