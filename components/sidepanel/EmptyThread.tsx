import { FirstRunNotice } from './FirstRunNotice';

/**
 * What a thread without turns shows: one notice for what is missing (no key and no corpus, no
 * key, no corpus), then how to start.
 */
export function EmptyThread({
  hasApiKey,
  otherPapers,
  onOpenOptions,
}: {
  /** Undefined until the settings are known. */
  hasApiKey: boolean | undefined;
  /** Papers in the corpus besides this one; null until known. */
  otherPapers: number | null;
  onOpenOptions: () => void;
}) {
  return (
    <>
      {hasApiKey === false && otherPapers === 0 && <FirstRunNotice onOpenOptions={onOpenOptions} />}
      {hasApiKey === false && otherPapers !== 0 && (
        <div className="empty-state" data-testid="empty-no-key">
          <p>
            <strong>No API key yet.</strong> You can still ask: Antigravity shows the best sources
            from your corpus and the passages that match your question. Add your Anthropic key for
            cited answers written by Claude.
          </p>
          <button type="button" onClick={onOpenOptions}>
            Add an API key
          </button>
        </div>
      )}
      {hasApiKey === true && otherPapers === 0 && (
        <div className="empty-state" data-testid="empty-corpus">
          <p>
            <strong>Your corpus has no other papers yet.</strong> Answers draw on this paper only
            until you add related work: import the arXiv metadata snapshot or harvest a category on
            the settings page. Papers you open are added as you read.
          </p>
          <button type="button" onClick={onOpenOptions}>
            Import or harvest papers
          </button>
        </div>
      )}
      <p className="hint start-hint">
        Ask anything about this paper: its method, a result, an equation, how it relates to other
        work. Select text on the page to quote it.
      </p>
    </>
  );
}
