/**
 * What a shared link carries, in its fragment (never sent to a server): `#share=v1.<data>`, where
 * data is the state as JSON, deflated and base64url-encoded. The version lets a later format
 * coexist with links already pasted into code reviews.
 */
import { MAX_SHARED_JSON_BYTES } from '../sql-runtime/limits.ts';
import type { SharedState } from './share-payload.ts';

export type { SharedKind, SharedState } from './share-payload.ts';

export const SHARE_PREFIX = '#share=';
const VERSION = 'v1';
/** Links longer than this are refused when copying: chat tools and some browsers cut them. */
export const MAX_LINK_LENGTH = 8000;
/**
 * No link this guide makes is longer than MAX_LINK_LENGTH; a fragment far beyond it was crafted or
 * glued together, and is refused before any decoding work.
 */
const MAX_FRAGMENT_LENGTH = MAX_LINK_LENGTH * 2;
/** Compressed bytes handed to the decompressor at a time, so each step's output stays small. */
const FEED_BYTES = 1024;

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
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    throw new ShareLinkError('The link is damaged or cut off (part of it may have been lost when it was copied).');
  }
}

async function compress(bytes: Uint8Array): Promise<Uint8Array> {
  const response = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw')));
  return new Uint8Array(await response.arrayBuffer());
}

export class TooLargeError extends ShareLinkError {}

/**
 * Inflates `bytes` but never past `limit` bytes of output: the input is fed in small pieces and
 * reading stops at the limit, so a link that would expand to gigabytes costs a few hundred KB.
 */
export async function inflateBounded(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  let offset = 0;
  const source = new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + FEED_BYTES));
        offset += FEED_BYTES;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value: piece } = await reader.read();
    if (done) break;
    const value = new Uint8Array(piece);
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(
        `The link unpacks to more than ${Math.round(limit / 1024)} KB, more than any link this guide makes; it was not opened.`,
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function encodeShare(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${SHARE_PREFIX}${VERSION}.${toBase64Url(await compress(json))}`;
}

/** Reads a `#share=…` fragment; every way it can be broken ends in a ShareLinkError that says how. */
export async function decodeShare(fragment: string): Promise<SharedState> {
  if (!fragment.startsWith(SHARE_PREFIX)) throw new ShareLinkError('This is not a shared-edit link.');
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    throw new TooLargeError(
      `The link is ${fragment.length.toLocaleString('en')} characters long, far longer than any link this guide makes (at most ${MAX_LINK_LENGTH.toLocaleString('en')}); it was not opened.`,
    );
  }
  const body = fragment.slice(SHARE_PREFIX.length);
  const dot = body.indexOf('.');
  const version = dot === -1 ? '' : body.slice(0, dot);
  if (version !== VERSION) {
    throw new ShareLinkError(
      /^v\d+$/.test(version)
        ? `This link was made by a newer version of the guide (${version}); this page reads ${VERSION} links.`
        : 'The link is damaged: its version is missing.',
    );
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(
      await inflateBounded(fromBase64Url(body.slice(dot + 1)), MAX_SHARED_JSON_BYTES),
    );
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
  // The validator (zod) loads only here: a page that copies links, or opens none, never carries it.
  const { validateShared } = await import('./share-payload.ts');
  const problem = validateShared(state);
  if (typeof problem === 'string') throw new ShareLinkError(`The link is damaged: ${problem}`);
  return problem.state;
}

/** The full URL for a state, or a ShareLinkError when it is too long to survive being pasted. */
export async function shareUrl(state: SharedState, base: string): Promise<string> {
  const url = `${base.replace(/#.*$/, '')}${await encodeShare(state)}`;
  if (url.length > MAX_LINK_LENGTH) {
    throw new ShareLinkError(
      `This edit is too large for a link (${url.length.toLocaleString('en')} characters; links stay under ${MAX_LINK_LENGTH.toLocaleString('en')} to survive chat tools and browsers). Shorten it, or share the file instead.`,
    );
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
