/**
 * PostgreSQL for Monaco: its own pgsql grammar, registered eagerly (it is 4 KB; a lazy language
 * would cost a request of its own before the first colours), with one change so the editor colours
 * like the static code: a quoted identifier ("Post") is one string-like token, as Shiki has it,
 * rather than two quote marks around a plain identifier.
 */
import * as monaco from 'monaco-editor/editor';
import { conf, language } from 'monaco-editor/languages/definitions/pgsql/pgsql';

const QUOTED = 'string.identifier';

export const SQL_LANGUAGE = 'pgsql';

monaco.languages.register({ id: SQL_LANGUAGE, aliases: ['PostgreSQL', 'postgres'] });
monaco.languages.setLanguageConfiguration(SQL_LANGUAGE, conf);
monaco.languages.setMonarchTokensProvider(SQL_LANGUAGE, {
  ...language,
  tokenizer: {
    ...language.tokenizer,
    complexIdentifiers: [[/"/, { token: QUOTED, next: '@quotedIdentifier' }]],
    quotedIdentifier: [
      [/[^"]+/, QUOTED],
      [/""/, QUOTED],
      [/"/, { token: QUOTED, next: '@pop' }],
    ],
  },
});
