/**
 * What a lab keeps in this browser (its files and command line, per preset) and how a kept text is
 * read back: anything malformed reads as nothing kept, never as a half-restored project.
 */
import type { LabFile } from '../../lib/sql-runtime/protocol.ts';

/** Where a lab's files and command line are kept in this browser, per preset. */
export const labDraftKey = (id: string): string => `mfg:lab:${id}`;

export interface LabDraft {
  files: LabFile[];
  command: string;
}

export function parseLabDraft(text: string): LabDraft | undefined {
  try {
    const value = JSON.parse(text) as Partial<LabDraft> | null;
    if (!value || !Array.isArray(value.files) || typeof value.command !== 'string') return undefined;
    const files = value.files.filter((f): f is LabFile => !!f && typeof f.path === 'string' && typeof f.content === 'string');
    return files.length ? { files, command: value.command } : undefined;
  } catch {
    return undefined;
  }
}
