/**
 * Ranking and the decisions behind each badge: what the "Related in your corpus" strip lists, when
 * a listing entry gets a similarity badge, how numbers are written. Plain TypeScript, no DOM.
 */
import type { Source } from '../corpus/schema';
import type { BadgeInfo } from '../messaging';

/** Papers the abs-page strip lists. */
export const STRIP_SIZE = 5;
/*
 * Thresholds, calibrated on the real cs-74k corpus (../shared/corpus, tf-idf cosine as in
 * lib/corpus): two random papers (title + abstract) have a similarity of 0.016 at the median,
 * 0.043 at p95 and 0.066 at p99; a random title against a random paper 0.026 at p95 and 0.053
 * at p99; the ten nearest corpus papers of 1706.03762 score 0.13 to 0.25. So 0.05 keeps about
 * the top 1% of chance pairs out while every real neighbour stays in.
 */
/** Below this similarity a corpus paper is not "related" enough to list on the strip. */
export const MIN_RELATED_SIMILARITY = 0.05;
/** Below this similarity a listing entry gets no badge: the corpus has nothing to say about it. */
export const MIN_BADGE_SIMILARITY = 0.05;

/**
 * The strip's papers: the open paper itself left out, one row per paper, most similar first (ties:
 * higher raw score, then id), at most `limit`, none below `min`.
 */
export function rankRelated(
  sources: readonly Source[],
  opts: { exclude?: string; limit?: number; min?: number } = {},
): Source[] {
  const limit = opts.limit ?? STRIP_SIZE;
  const min = opts.min ?? MIN_RELATED_SIMILARITY;
  const best = new Map<string, Source>();
  for (const s of sources) {
    if (s.id === opts.exclude || !(s.similarity >= min)) continue;
    const seen = best.get(s.id);
    if (!seen || s.similarity > seen.similarity) best.set(s.id, s);
  }
  return [...best.values()]
    .sort(
      (a, b) =>
        b.similarity - a.similarity || (b.score ?? 0) - (a.score ?? 0) || a.id.localeCompare(b.id),
    )
    .slice(0, Math.max(0, limit));
}

/** A similarity (0..1) as the percentage shown: `42%`; above 0 but under 1% is `<1%`. */
export function formatSimilarity(similarity: number): string {
  const s = Number.isFinite(similarity) ? Math.min(1, Math.max(0, similarity)) : 0;
  const pct = Math.round(s * 100);
  if (pct === 0 && s > 0) return '<1%';
  return `${pct}%`;
}

/** The primary category of a corpus paper as shown (`cs.CL`); empty when unknown. */
export function primaryCategoryOf(s: Pick<Source, 'primaryCategory' | 'categories'>): string {
  return s.primaryCategory || s.categories[0] || '';
}

/** What one listing/search entry shows. */
export type ListingBadgeView =
  | { kind: 'in-corpus'; id: string; label: string; description: string; title?: string }
  | {
      kind: 'similar';
      id: string;
      similarity: number;
      label: string;
      description: string;
      closest?: Source;
    };

/**
 * A listing entry's badge: "in corpus" when stored; otherwise its best similarity to the reader's
 * interests when at least `min`; otherwise none (null).
 */
export function listingBadgeView(
  info: BadgeInfo | null | undefined,
  min: number = MIN_BADGE_SIMILARITY,
): ListingBadgeView | null {
  if (!info) return null;
  if (info.inCorpus) {
    return {
      kind: 'in-corpus',
      id: info.id,
      label: 'in corpus',
      description: 'This paper is in your corpus.',
      title: info.title,
    };
  }
  const sim = info.similarity;
  if (sim === undefined || !(sim >= min)) return null;
  const pct = formatSimilarity(sim);
  const closest = info.closest;
  return {
    kind: 'similar',
    id: info.id,
    similarity: sim,
    label: pct,
    description: closest
      ? `${pct} similar to your interests; closest in your corpus: ${closest.title} (arXiv:${closest.id})`
      : `${pct} similar to your interests`,
    closest,
  };
}

/** What one reference badge shows. */
export type ReferenceBadgeView =
  | { kind: 'in-corpus'; id: string; title?: string; abstract?: string }
  | { kind: 'absent'; id: string };

/** A reference's badge: in the corpus (with what the hover card shows) or not yet; null: none. */
export function referenceBadgeView(info: BadgeInfo | null | undefined): ReferenceBadgeView | null {
  if (!info) return null;
  if (info.inCorpus)
    return { kind: 'in-corpus', id: info.id, title: info.title, abstract: info.abstract };
  return { kind: 'absent', id: info.id };
}

/** The question the side panel gets when the reader asks how a related paper relates. */
export function relationQuestion(title: string, id: string): string {
  const t = title.replace(/\s+/g, ' ').trim().replace(/"/g, "'");
  return `How does "${t}" (arXiv:${id}) relate to this paper?`;
}

/** The `corpus/related` answer the strip is built from. */
export interface RelatedAnswer {
  sources: Source[];
  inCorpus: boolean;
  referencesInCorpus: number;
  referencesTotal: number;
  corpusSize: number;
  /** The open paper entered the corpus during this visit (so it does not count as "already in"). */
  openPaperNew?: boolean;
}

/** The corpus size that speaks about a page: the open paper, stored just now by opening it, does not count. */
export function effectiveCorpusSize(corpusSize: number, openPaperNew?: boolean): number {
  return Math.max(0, corpusSize - (openPaperNew ? 1 : 0));
}

export type StripPlan =
  | { kind: 'none' }
  | { kind: 'hint' }
  | {
      kind: 'strip';
      items: Source[];
      /** "In your corpus · 3 of 22 references in your corpus", or null for no marker. */
      marker: string | null;
    };

/**
 * What the abs page shows under the abstract: the one-time hint on an empty corpus, the strip
 * when the corpus has something to say (related papers, or the paper or its references stored),
 * otherwise nothing.
 */
export function planStrip(
  answer: RelatedAnswer,
  opts: { paperId: string; hintShown: boolean; limit?: number; min?: number },
): StripPlan {
  const size = effectiveCorpusSize(answer.corpusSize, answer.openPaperNew);
  if (size === 0) return opts.hintShown ? { kind: 'none' } : { kind: 'hint' };
  const items = rankRelated(answer.sources, {
    exclude: opts.paperId,
    limit: opts.limit,
    min: opts.min,
  });
  const marker = markerText(answer);
  if (!items.length && !marker) return { kind: 'none' };
  return { kind: 'strip', items, marker };
}

/** The marker text, or null when neither the paper nor any of its references is in the corpus. */
export function markerText(
  a: Pick<RelatedAnswer, 'inCorpus' | 'referencesInCorpus' | 'referencesTotal'>,
): string | null {
  const parts: string[] = [];
  if (a.inCorpus) parts.push('In your corpus');
  if (a.referencesTotal > 0 && a.referencesInCorpus > 0) {
    const n = Math.min(a.referencesInCorpus, a.referencesTotal);
    parts.push(
      `${n} of ${a.referencesTotal} reference${a.referencesTotal === 1 ? '' : 's'} in your corpus`,
    );
  }
  return parts.length ? parts.join(' · ') : null;
}
