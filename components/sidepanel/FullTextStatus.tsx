import { useEffect, useState } from 'react';
import { sendRequest } from '@/lib/messaging';
import { readsLabel, type Reads } from '@/lib/arxiv/paper-text';

/**
 * What answers about the tab's paper read: asks the background to read the full text as soon as
 * the panel shows a paper (once per paper version: the background keeps it), and says
 * "Reading the full text…", then "Full text · HTML v7 (28 sections)" or "Abstract only — why".
 */
export function FullTextStatus({
  tabId,
  paperKey,
}: {
  tabId: number | null | undefined;
  /** Changes when the tab shows another paper or version. */
  paperKey: string | null;
}) {
  const [got, setGot] = useState<{ key: string; reads: Reads | null } | null>(null);
  useEffect(() => {
    if (tabId === null || tabId === undefined || !paperKey) return;
    let live = true;
    void sendRequest('fulltext/read', { tabId }).then(
      (r) => live && setGot({ key: paperKey, reads: r.reads }),
      () => live && setGot({ key: paperKey, reads: null }),
    );
    return () => {
      live = false;
    };
  }, [tabId, paperKey]);
  if (!paperKey) return null;
  const current = got?.key === paperKey ? got : null;
  if (!current) {
    return (
      <p className="hint fulltext-status" role="status" data-testid="fulltext-status">
        Reading the full text…
      </p>
    );
  }
  if (!current.reads) return null;
  return (
    <p className="hint fulltext-status" data-testid="fulltext-status">
      {readsLabel(current.reads)}
    </p>
  );
}
