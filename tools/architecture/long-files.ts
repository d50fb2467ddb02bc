/**
 * The house rule beside the layers: a source file over 300 lines says why in its header comment
 * (the first 4,000 characters), so a reader meets the reason before the length.
 */
export const LINE_LIMIT = 300;
const HEADER_CHARS = 4000;

export interface LongFile {
  file: string;
  lines: number;
  explained: boolean;
}

export function longFiles(files: { file: string; text: string }[]): LongFile[] {
  return files
    .map(({ file, text }) => ({ file, lines: text.split('\n').length, explained: /over 300 lines/i.test(text.slice(0, HEADER_CHARS)) }))
    .filter(({ lines }) => lines > LINE_LIMIT);
}
