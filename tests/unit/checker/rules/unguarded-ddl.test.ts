/** The unguarded-ddl rule against its fixtures (tests/fixtures/checker/rules/unguarded-ddl/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('unguarded-ddl');
