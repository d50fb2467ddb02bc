import { contract } from '../contract-kit.ts';

/**
 * Names drawn by the parts several widgets share (the output view, the lock views, draft notes) and by
 * the page shell every page has (theme, section links, the alert a bad share link raises).
 */
export const partsUi = contract({
  roles: [
    // The output view draws into its host's [data-role="output"]; every widget with a Run has one.
    'output',
    'statement',
    'statements-summary',
    'show-more',
    'cut',
    'error',
    'backup-download',
    'lock',
    'lock-detail',
    'lock-time',
    'lock-trace',
    'draft-note',
    'page-alert',
  ],
  actions: ['toggle-theme', 'copy-link', 'keep-typed', 'load-saved', 'keep-mine', 'replace-mine', 'load-other', 'keep-this'],
});
