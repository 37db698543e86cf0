/**
 * "Send to Obsidian": an `obsidian://new` URI (https://help.obsidian.md/Extending+Obsidian/Obsidian+URI)
 * with the vault and folder from the options and the note as `content`.
 *
 * Long notes do not fit in a URI: the browser hands `obsidian://` links to the operating system,
 * and on Windows the shell hand-off fails past roughly 2,000 characters in Chrome and Edge
 * (the classic 2,083-character URL limit; Firefox was measured near 30,000) — the reason
 * Obsidian's own Web Clipper moved long clips to the clipboard. So when the URI would exceed
 * `OBSIDIAN_URI_MAX_LENGTH` the plan is: copy the note to the clipboard, and open
 * `obsidian://new?...&clipboard`, which (Obsidian 1.7.2+) creates the note from the clipboard
 * instead of `content`; with an older Obsidian the note opens empty and the message says to paste.
 */
import { noteFilename, type MarkdownFile } from './markdown-export';

/** The longest URI handed to the OS directly (see above); callers may pass another limit. */
export const OBSIDIAN_URI_MAX_LENGTH = 2000;

export interface ObsidianNote {
  /** Vault name or id; empty: Obsidian uses the vault that was open last. */
  vault: string;
  /** Folder inside the vault ("Antigravity", "Research/Papers"); empty: the vault root. */
  folder: string;
  /** Note name, without `.md`. */
  name: string;
  content: string;
}

/** Lone surrogates cannot be percent-encoded (encodeURIComponent throws): U+FFFD instead. */
function wellFormed(s: string): string {
  return s.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\uFFFD',
  );
}

const enc = (s: string) => encodeURIComponent(wellFormed(s));

/** The vault-relative path of the note: each folder segment and the name made safe. */
export function obsidianPath(folder: string, name: string): string {
  const segments = (folder ?? '')
    .split(/[/\\]+/)
    .map((s) => s.trim())
    .filter((s) => s && s !== '.' && s !== '..')
    .map((s) => noteFilename(s, ''));
  return [...segments, noteFilename(name, '')].join('/');
}

function baseUri(vault: string, folder: string, name: string): string {
  const params: string[] = [];
  if (vault.trim()) params.push(`vault=${enc(vault.trim())}`);
  params.push(`file=${enc(obsidianPath(folder, name))}`);
  return `obsidian://new?${params.join('&')}`;
}

/** `obsidian://new?vault=...&file=folder%2Fname&content=...`, every value percent-encoded. */
export function obsidianNewUri(note: ObsidianNote): string {
  return `${baseUri(note.vault, note.folder, note.name)}&content=${enc(note.content)}`;
}

export interface ObsidianPlan {
  /** The URI to open. */
  uri: string;
  /** When set: copy this to the clipboard before opening the URI. */
  copyToClipboard?: string;
  /** When set: tell the user (the note went through the clipboard). */
  message?: string;
}

export const OBSIDIAN_CLIPBOARD_MESSAGE =
  'This note is too long to hand to Obsidian in a link, so it was copied to the clipboard. ' +
  'Obsidian 1.7.2 or later creates the note from the clipboard; if the new note is empty, ' +
  'paste into it (Ctrl+V or ⌘V).';

/**
 * How to send a note: the URI with the note inside when it fits in `maxLength` characters;
 * otherwise a URI with `clipboard` instead of `content`, the note to copy first, and a message.
 */
export function planObsidianExport(
  note: ObsidianNote,
  maxLength: number = OBSIDIAN_URI_MAX_LENGTH,
): ObsidianPlan {
  const uri = obsidianNewUri(note);
  if (uri.length <= maxLength) return { uri };
  return {
    uri: `${baseUri(note.vault, note.folder, note.name)}&clipboard`,
    copyToClipboard: note.content,
    message: OBSIDIAN_CLIPBOARD_MESSAGE,
  };
}

/** The note for a downloaded-style file (front matter included), named like the file. */
export function obsidianNoteFromFile(
  file: Pick<MarkdownFile, 'filename' | 'content'>,
  vault: string,
  folder: string,
): ObsidianNote {
  return { vault, folder, name: file.filename.replace(/\.md$/i, ''), content: file.content };
}
