/**
 * The empty thread with no API key and no other paper in the corpus: one notice, saying what
 * works now (passages of this paper matching the question) and what a key and a corpus each add,
 * with a button for each (both open the settings page).
 */
export function FirstRunNotice({ onOpenOptions }: { onOpenOptions: () => void }) {
  return (
    <div className="empty-state" data-testid="empty-first-run">
      <p>
        <strong>You can ask now:</strong> Antigravity shows the passages of this paper that match
        your question. Your Anthropic API key adds answers written by Claude, with citations. A
        corpus of arXiv papers adds related work as sources, and related-work badges on arXiv pages.
      </p>
      <button type="button" onClick={onOpenOptions}>
        Add an API key
      </button>{' '}
      <button type="button" onClick={onOpenOptions}>
        Import or harvest papers
      </button>
    </div>
  );
}
