import { useState } from 'react';
import type { Paper } from '@/lib/arxiv/schema';
import {
  copyMarkdown,
  downloadBibtex,
  downloadMarkdown,
  sendToObsidian,
  type ExportTarget,
} from './export-actions';

/** Export buttons for one answer or a whole thread: Markdown (copy, .md), BibTeX, Obsidian. */
export function ExportBar({
  target,
  paper,
  label,
}: {
  target: ExportTarget;
  paper: Paper | null;
  label?: string;
}) {
  const [status, setStatus] = useState('');
  const run = (fn: () => Promise<string> | string) => async () => {
    try {
      setStatus(await fn());
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const prefix = 'turn' in target ? 'export' : 'export-thread';
  return (
    <div className="export-bar" role="group" aria-label={label ?? 'Export this answer'}>
      <button
        type="button"
        data-testid={`${prefix}-markdown`}
        onClick={run(() => copyMarkdown(target, paper))}
        title="Copy as Markdown"
      >
        Copy MD
      </button>
      <button
        type="button"
        data-testid={`${prefix}-download`}
        onClick={run(() => downloadMarkdown(target, paper))}
        title="Download a .md note with front matter"
      >
        .md
      </button>
      <button
        type="button"
        data-testid={`${prefix}-bibtex`}
        onClick={run(() => downloadBibtex(target, paper))}
        title="BibTeX of the paper and the sources"
      >
        .bib
      </button>
      <button
        type="button"
        data-testid={`${prefix}-obsidian`}
        onClick={run(() => sendToObsidian(target, paper))}
        title="Send to Obsidian"
      >
        Obsidian
      </button>
      <span className="export-status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
