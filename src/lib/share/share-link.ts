/**
 * What a shared link carries, in its fragment (never sent to a server): `#share=v1.<data>`, where
 * data is the state as JSON, deflated and base64url-encoded. The version lets a later format
 * coexist with links already pasted into code reviews.
 */
import type { ExecutionMode } from '../markdown/example-meta.ts';
import type { LabFile } from '../prisma-lab/project.ts';

export const SHARE_PREFIX = '#share=';
const VERSION = 'v1';
/** Links longer than this are refused when copying: chat tools and some browsers cut them. */
export const MAX_LINK_LENGTH = 8000;

export type SharedState =
  | { kind: 'example'; id: string; sql: string; mode?: ExecutionMode }
  | { kind: 'playground'; setup: string; sql: string; mode: ExecutionMode }
  /** A pasted migration (sql), or a whole migrations folder in order. */
  | { kind: 'check'; sql: string; migrations?: { name: string; sql: string }[] }
  | { kind: 'lab'; id: string; files: LabFile[] };

export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('The link contains characters a shared link never has.');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const response = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

export async function encodeShare(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${SHARE_PREFIX}${VERSION}.${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

function isSharedState(value: unknown): value is SharedState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const text = (key: string) => typeof v[key] === 'string';
  const mode = v.mode === undefined || v.mode === 'batch' || v.mode === 'statements';
  switch (v.kind) {
    case 'example':
      return text('id') && text('sql') && mode;
    case 'playground':
      return text('setup') && text('sql') && mode;
    case 'check':
      return text('sql') && (v.migrations === undefined || (Array.isArray(v.migrations) && v.migrations.every((m) => m && typeof m === 'object' && typeof (m as { name?: unknown }).name === 'string' && typeof (m as { sql?: unknown }).sql === 'string')));
    case 'lab':
      return text('id') && Array.isArray(v.files) && v.files.every((f) => f && typeof f === 'object' && typeof (f as LabFile).path === 'string' && typeof (f as LabFile).content === 'string');
    default:
      return false;
  }
}

/** Reads a `#share=…` fragment; every way it can be broken ends in a ShareLinkError that says how. */
export async function decodeShare(fragment: string): Promise<SharedState> {
  if (!fragment.startsWith(SHARE_PREFIX)) throw new ShareLinkError('This is not a shared-edit link.');
  const body = fragment.slice(SHARE_PREFIX.length);
  const dot = body.indexOf('.');
  const version = dot === -1 ? '' : body.slice(0, dot);
  if (version !== VERSION) {
    throw new ShareLinkError(/^v\d+$/.test(version)
      ? `This link was made by a newer version of the guide (${version}); this page reads ${VERSION} links.`
      : 'The link is damaged: its version is missing.');
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(body.slice(dot + 1)), new DecompressionStream('deflate-raw')));
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError('The link is damaged or cut off (part of it may have been lost when it was copied).');
  }
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new ShareLinkError('The link is damaged: its content is not readable.');
  }
  if (!isSharedState(state)) throw new ShareLinkError('The link is damaged: its content is not a shared edit.');
  return state;
}

/** The full URL for a state, or a ShareLinkError when it is too long to survive being pasted. */
export async function shareUrl(state: SharedState, base: string): Promise<string> {
  const url = `${base.replace(/#.*$/, '')}${await encodeShare(state)}`;
  if (url.length > MAX_LINK_LENGTH) {
    throw new ShareLinkError(`This edit is too large for a link (${url.length.toLocaleString('en')} characters; links stay under ${MAX_LINK_LENGTH.toLocaleString('en')} to survive chat tools and browsers). Shorten it, or share the file instead.`);
  }
  return url;
}

/**
 * Makes the link for `state` on this page, copies it, and says so in `status` (whose
 * `data-share-url` keeps the link, for readers whose clipboard is blocked and for tests).
 */
export async function copyShareLink(state: SharedState, status: HTMLElement, copied: string): Promise<void> {
  try {
    const url = await shareUrl(state, `${location.origin}${location.pathname}`);
    status.dataset.shareUrl = url;
    let ok = false;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      // Blocked clipboard: the link is shown instead.
    }
    status.textContent = ok ? copied : `Copy this link: ${url}`;
  } catch (error) {
    status.textContent = error instanceof ShareLinkError ? error.message : `The link could not be made: ${String(error)}`;
  }
}
