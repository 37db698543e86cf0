import type { TabPaper } from '@/lib/messaging';
import { MathText } from '../shared/MathText';

const KIND_LABEL: Record<string, string> = {
  abs: 'Abstract page',
  html: 'Full text (HTML)',
  pdf: 'PDF',
  listing: 'Listing',
  search: 'Search results',
  other: 'arXiv page',
};

export function PaperHeader({ state, loading }: { state: TabPaper | null; loading: boolean }) {
  const paper = state?.result?.paper;
  if (loading && !state) {
    return (
      <header className="paper-header" aria-busy="true">
        <div className="skeleton" />
        <span className="visually-hidden">Reading the tab…</span>
      </header>
    );
  }
  if (!paper) {
    const kind = state?.result?.kind;
    const onArxiv = Boolean(state?.url && /^https:\/\/(www\.)?arxiv\.org\//.test(state.url));
    return (
      <header className="paper-header empty">
        <h1 data-testid="paper-title" className="paper-title muted">
          {onArxiv ? `${KIND_LABEL[kind ?? 'other']}: no single paper here` : 'Not an arXiv paper'}
        </h1>
        <p className="hint">
          {onArxiv
            ? 'Open a paper (its abstract, HTML or PDF page) to ask about it. Listing and search pages show related-work badges.'
            : 'Open a paper on arxiv.org — an abstract page like arxiv.org/abs/1706.03762, its HTML full text or its PDF — and Antigravity answers questions about it, grounded in your corpus.'}
        </p>
        {state?.error && (
          <p className="hint warn">
            {state.error.message} {state.error.action}
          </p>
        )}
      </header>
    );
  }
  const [primary, ...others] = paper.categories;
  return (
    <header className="paper-header">
      <h1 data-testid="paper-title" className="paper-title">
        <MathText text={paper.title} />
      </h1>
      <p className="paper-meta">
        <a
          href={`https://arxiv.org/abs/${paper.id}${paper.version ? `v${paper.version}` : ''}`}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="paper-id"
        >
          arXiv:{paper.id}
          {paper.version ? `v${paper.version}` : ''}
        </a>
        {primary && <span className="cat primary">{primary}</span>}
        {others.slice(0, 3).map((c) => (
          <span key={c} className="cat">
            {c}
          </span>
        ))}
        <span className="kind">{KIND_LABEL[state?.result?.kind ?? 'other']}</span>
      </p>
      <p className="paper-authors" title={paper.authors.join(', ')}>
        {paper.authors.slice(0, 4).join(', ')}
        {paper.authors.length > 4 ? ` + ${paper.authors.length - 4} more` : ''}
      </p>
      {paper.abstract && (
        <details className="paper-abstract">
          <summary>Abstract</summary>
          <p>
            <MathText text={paper.abstract} />
          </p>
        </details>
      )}
      {state?.fetchedFrom && state.fetchedFrom !== 'page' && (
        <p className="hint">
          {state.fetchedFrom === 'html'
            ? 'Read from the paper’s HTML version (the PDF viewer cannot be read).'
            : 'arXiv has no HTML version of this paper: using its abstract and metadata.'}
        </p>
      )}
    </header>
  );
}
