/** Why a retrieval-only answer is not a written one, and what a key (and a corpus) add. */
export function RetrievalNote({
  hasSources,
  onOpenOptions,
}: {
  hasSources: boolean;
  onOpenOptions: () => void;
}) {
  if (hasSources) {
    return (
      <p className="retrieval-note" data-testid="retrieval-note">
        No API key yet, so this shows the best sources and the passages that match your question —
        not a written answer.{' '}
        <button type="button" className="link" onClick={onOpenOptions}>
          Add a key
        </button>{' '}
        to get cited answers from Claude.
      </p>
    );
  }
  // No key and no related paper: one notice saying what works now and what each adds.
  return (
    <p className="retrieval-note" data-testid="retrieval-note">
      No API key and no related papers in your corpus yet, so this shows only the passages of this
      paper that match your question — not a written answer.{' '}
      <button type="button" className="link" onClick={onOpenOptions}>
        Add a key
      </button>{' '}
      for cited answers from Claude; import or harvest papers in the same settings to add related
      work as sources.
    </p>
  );
}
