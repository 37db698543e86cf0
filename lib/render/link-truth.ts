/**
 * Links cannot lie about where they go. A link whose text names an arXiv id goes to that id on
 * arxiv.org (a model-written `[arXiv:1706.03762](https://evil.example/…)` is sent to
 * https://arxiv.org/abs/1706.03762); any other link whose text does not show its host has the
 * host shown after it. Shared by the panel's renderer and the Markdown export.
 */
import { absUrl, findArxivIdsInText, parseArxivId } from '../arxiv/id';

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org']);

export interface HonestLink {
  href: string;
  /** The real host, to show next to the link text (absent when the text already says it). */
  host?: string;
}

export function honestLink(text: string, href: string): HonestLink {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { href };
  }
  const whole = parseArxivId(text.trim().replace(/^\[|\]$/g, ''));
  const named = whole.ok ? [whole.id.base] : findArxivIdsInText(text);
  if (named.length > 0) {
    const target = parseArxivId(href);
    const onArxiv = ARXIV_HOSTS.has(url.hostname) && url.protocol === 'https:';
    if (onArxiv && target.ok && named.includes(target.id.base)) return { href };
    const version = parseArxivId(text.trim().replace(/^arxiv:\s*/i, ''));
    const id = named[0]!;
    return {
      href: absUrl(id, version.ok && version.id.base === id ? version.id.version : null),
    };
  }
  const host = url.hostname;
  if (text.toLowerCase().includes(host.replace(/^www\./, '').toLowerCase())) return { href };
  return { href, host };
}
