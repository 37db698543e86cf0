import type { Source } from '@/lib/corpus/schema';

/**
 * How well a source fits the question: the retrieval model's rating (0-10, shown as 0-100 %
 * "relevance", its one-line reason on hover) when a model rated it; otherwise the lexical
 * similarity (shown as "similarity").
 */
export function SourceScore({ source }: { source: Source }) {
  const rated = source.rating !== undefined;
  const pct = rated
    ? Math.round((source.rating as number) * 10)
    : Math.round(source.similarity * 100);
  const label = rated ? 'Relevance' : 'Similarity';
  const title = rated
    ? `Relevance ${pct}%: the retrieval model rated this paper ${source.rating}/10 for your question.` +
      (source.reason ? `\n${source.reason}` : '')
    : `Similarity ${pct}%: word overlap with your question (no model rated it).`;
  return (
    <span
      className={`sim${rated ? ' rated' : ''}`}
      title={title}
      data-testid="source-score"
      data-kind={rated ? 'relevance' : 'similarity'}
    >
      <span
        className="sim-bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={label}
      >
        <span style={{ width: `${pct}%` }} />
      </span>
      <span className="sim-pct">{pct}%</span>
      <span className="sim-kind">{rated ? 'relevance' : 'similarity'}</span>
    </span>
  );
}
