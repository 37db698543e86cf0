import { absUrl } from '@/lib/arxiv/id';
import {
  effectiveCorpusSize,
  referenceBadgeView,
  referenceQueries,
  type ReferenceTarget,
} from '@/lib/badges';
import { sendRequest } from '@/lib/messaging';
import { Badge, keepInView, type BadgeState } from '../ui/badge';
import { removeHosts } from '../ui/host';
import { bibSlot, citationLinks } from '../ui/placement';
import type { Feature } from './page-feature';
import { markPage } from '../ui/test-hooks';

const BIB_KIND = 'reference-badge';
const CITE_KIND = 'citation-badge';

/** Everything the page shows about one cited paper; all its badges (entry + citations) follow it. */
interface CitedPaper {
  id: string;
  /** The title written in the bibliography (before the corpus knows better). */
  refTitle?: string;
  inCorpus: boolean;
  title?: string;
  abstract?: string;
  busy: boolean;
  error?: string;
  badges: Badge[];
}

/**
 * HTML full text: each bibliography entry, and each in-text citation, whose reference resolves to
 * an arXiv id (written in the entry, or found by matching its title against the corpus) gets a
 * badge: in the corpus (the card shows title and abstract) or not yet (one click adds it). One
 * batched request for the page; nothing when the corpus has nothing to say.
 */
export const referenceBadges: Feature = {
  id: 'reference-badges',
  // Its request goes out before the settings arrive; the background applies the switch.
  early: true,
  include: (page) => page.result.kind === 'html' && Boolean(page.result.paper?.references.length),
  async init(_ctx, page, signal) {
    const paper = page.result.paper!;
    const { queries, targets } = referenceQueries(paper);
    let shown = 0;
    const cited = new Map<string, CitedPaper>();
    if (queries.length) {
      const answer = await sendRequest('corpus/badges', {
        entries: queries,
        similarity: false,
        paperId: paper.id,
        visitStart: Math.floor(performance.timeOrigin),
        feature: 'htmlBadges',
      });
      if (signal.aborted || answer.disabled) return;
      if (effectiveCorpusSize(answer.corpusSize, answer.openPaperNew) > 0) {
        removeHosts(BIB_KIND);
        removeHosts(CITE_KIND);
        const links = citationLinks(document);
        for (const t of targets) {
          const view = referenceBadgeView(answer.badges[t.query]);
          if (!view || view.id === paper.id) continue;
          let c = cited.get(view.id);
          if (!c) {
            c = {
              id: view.id,
              refTitle: paper.references[t.index]?.title,
              inCorpus: view.kind === 'in-corpus',
              title: view.kind === 'in-corpus' ? view.title : undefined,
              abstract: view.kind === 'in-corpus' ? view.abstract : undefined,
              busy: false,
              badges: [],
            };
            cited.set(view.id, c);
          }
          shown += place(c, t, links);
        }
      }
    }
    keepInView([...cited.values()].flatMap((c) => c.badges));
    markPage('antigravityReferenceBadges', String(shown));
    signal.addEventListener(
      'abort',
      () => cited.forEach((c) => c.badges.forEach((b) => b.remove())),
      { once: true },
    );
  },
};

/** Puts the badges of one bibliography entry (and its in-text citations); returns how many. */
function place(c: CitedPaper, t: ReferenceTarget, links: Map<string, Element[]>): number {
  if (!t.anchor) return 0;
  let n = 0;
  const slot = bibSlot(document, t.anchor);
  if (slot) {
    const badge = new Badge({ arxivId: c.id, kind: BIB_KIND, ...stateOf(c, false) });
    slot.append(badge.host);
    c.badges.push(badge);
    n++;
  }
  for (const link of links.get(t.anchor) ?? []) {
    const badge = new Badge({ arxivId: c.id, kind: CITE_KIND, dot: true, ...stateOf(c, true) });
    link.after(badge.host);
    c.badges.push(badge);
    n++;
  }
  return n;
}

function refresh(c: CitedPaper): void {
  for (const b of c.badges) b.update(stateOf(c, b.isDot));
}

function stateOf(c: CitedPaper, dot: boolean): BadgeState {
  const ref = `arXiv:${c.id}`;
  if (c.inCorpus) {
    return {
      variant: 'in',
      label: '✓ in corpus',
      ariaLabel: `Antigravity: ${ref} is in your corpus`,
      card: {
        heading: 'Antigravity · in your corpus',
        title: c.title ?? c.refTitle ?? ref,
        href: absUrl(c.id),
        meta: ref,
        body: c.abstract,
      },
    };
  }
  if (c.busy) {
    return {
      variant: 'busy',
      label: 'adding…',
      ariaLabel: `Antigravity: adding ${ref} to your corpus`,
      card: { heading: 'Antigravity · adding to your corpus…', title: c.refTitle, meta: ref },
    };
  }
  const add = () => void addToCorpus(c);
  if (c.error) {
    return {
      variant: 'err',
      label: '! retry',
      ariaLabel: `Antigravity: could not add ${ref}. Click to try again.`,
      card: {
        heading: `Antigravity · could not add ${ref}`,
        title: c.refTitle,
        body: `${c.error} Click to try again.`,
      },
      onActivate: add,
    };
  }
  return {
    variant: 'add',
    label: dot ? '' : '+ add',
    ariaLabel: `Antigravity: ${ref} is not in your corpus. Click to add it.`,
    card: {
      heading: 'Antigravity · not in your corpus yet',
      title: c.refTitle,
      meta: `${ref} — click the badge to add it`,
    },
    onActivate: add,
  };
}

async function addToCorpus(c: CitedPaper): Promise<void> {
  if (c.busy || c.inCorpus) return;
  c.busy = true;
  c.error = undefined;
  refresh(c);
  try {
    const res = await sendRequest('corpus/add', { ids: [c.id] });
    const check = await sendRequest('corpus/badges', {
      entries: [{ id: c.id }],
      similarity: false,
    });
    const info = check.badges[0];
    if (info?.inCorpus) {
      c.inCorpus = true;
      c.title = info.title;
      c.abstract = info.abstract;
    } else {
      c.error = res.error?.message ?? 'arXiv did not return this paper.';
    }
  } catch (e) {
    c.error = e instanceof Error ? e.message : String(e);
  }
  c.busy = false;
  refresh(c);
}
