import type { Thread, Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { markdownFile, turnToMarkdown, threadToMarkdown } from '@/lib/export/markdown-export';
import { bibtexFile } from '@/lib/export/bibtex';
import { obsidianNoteFromFile, planObsidianExport } from '@/lib/export/obsidian';
import { sendRequest } from '@/lib/messaging';
import { saveBlob } from '../shared/save-file';

export type ExportTarget = { turn: Turn } | { thread: Thread; turns: readonly Turn[] };

/** Saves text as a file through an <a download>. */
export function download(filename: string, content: string, mimeType: string): void {
  saveBlob(new Blob([content], { type: mimeType }), filename);
}

export async function copyMarkdown(target: ExportTarget, paper: Paper | null): Promise<string> {
  const md =
    'turn' in target
      ? turnToMarkdown(target.turn, paper ?? undefined)
      : threadToMarkdown(target.thread, target.turns, paper ?? undefined);
  await navigator.clipboard.writeText(md);
  return 'Copied as Markdown.';
}

export function downloadMarkdown(target: ExportTarget, paper: Paper | null): string {
  const f = markdownFile(target, paper ?? undefined);
  download(f.filename, f.content, f.mimeType);
  return `Saved ${f.filename}.`;
}

export function downloadBibtex(target: ExportTarget, paper: Paper | null): string {
  const f = bibtexFile(target, paper);
  download(f.filename, f.content, f.mimeType);
  return `Saved ${f.filename}.`;
}

export async function sendToObsidian(target: ExportTarget, paper: Paper | null): Promise<string> {
  const s = await sendRequest('settings/public', {});
  const plan = planObsidianExport(
    obsidianNoteFromFile(
      markdownFile(target, paper ?? undefined),
      s.obsidianVault,
      s.obsidianFolder,
    ),
  );
  if (plan.copyToClipboard) await navigator.clipboard.writeText(plan.copyToClipboard);
  const a = document.createElement('a');
  a.href = plan.uri;
  a.dataset.testid = 'obsidian-link';
  a.hidden = true;
  document.body.append(a);
  a.click();
  setTimeout(() => a.remove(), 1000);
  return plan.message ?? 'Sent to Obsidian.';
}
