/**
 * The text format the answer pipeline asks the model for, and the helpers that read it back:
 * the "Keep exploring" block (three follow-up questions) at the end of an answer, which is parsed
 * into `Turn.followups` and stripped from the displayed Markdown, also while streaming.
 */

/** Opening tag of the follow-up block the instructions ask for. */
export const FOLLOWUPS_OPEN = '<keep_exploring>';
/** Closing tag of the follow-up block. */
export const FOLLOWUPS_CLOSE = '</keep_exploring>';

/** How many follow-up questions an answer ends with. */
export const FOLLOWUP_COUNT = 3;

/** A heading-style fallback ("## Keep exploring", "**Keep exploring**") some answers use instead. */
const HEADING_FALLBACK =
  /\n[ \t]*(?:#{1,6}[ \t]*|\*\*|__)?Keep exploring(?:\*\*|__)?[ \t]*:?[ \t]*\n/i;

function listItems(block: string): string[] {
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^(?:[-*+•]|\d+[.)])\s+/, '').trim())
    .filter((l) => l.length > 0 && !l.startsWith('<'));
}

/**
 * Splits a finished answer into the Markdown to display and the follow-up questions.
 * Tolerates a missing closing tag and the heading fallback; at most three questions are kept.
 */
export function splitFollowups(text: string): { answer: string; followups: string[] } {
  const open = text.indexOf(FOLLOWUPS_OPEN);
  if (open >= 0) {
    const rest = text.slice(open + FOLLOWUPS_OPEN.length);
    const close = rest.indexOf(FOLLOWUPS_CLOSE);
    const inner = close >= 0 ? rest.slice(0, close) : rest;
    const after = close >= 0 ? rest.slice(close + FOLLOWUPS_CLOSE.length).trim() : '';
    const answer = (text.slice(0, open).trimEnd() + (after ? `\n\n${after}` : '')).trimEnd();
    return { answer, followups: listItems(inner).slice(0, FOLLOWUP_COUNT) };
  }
  const m = HEADING_FALLBACK.exec(text);
  if (m) {
    const items = listItems(text.slice(m.index + m[0].length));
    if (items.length > 0) {
      return {
        answer: text.slice(0, m.index).trimEnd(),
        followups: items.slice(0, FOLLOWUP_COUNT),
      };
    }
  }
  return { answer: text.trimEnd(), followups: [] };
}

/**
 * A streaming filter: feed it the model's text deltas, it returns what may be shown now. Text from
 * the follow-up tag on is held back (a partial tag at the end of a delta waits for the next one).
 */
export class DisplayFilter {
  private pending = '';
  private stopped = false;
  /** All text received, unfiltered. */
  raw = '';

  push(delta: string): string {
    this.raw += delta;
    if (this.stopped) return '';
    const text = this.pending + delta;
    const at = text.indexOf(FOLLOWUPS_OPEN);
    if (at >= 0) {
      this.stopped = true;
      this.pending = '';
      return text.slice(0, at);
    }
    // Keep back the longest suffix that could still become the tag.
    let keep = 0;
    for (let n = Math.min(FOLLOWUPS_OPEN.length - 1, text.length); n > 0; n--) {
      if (FOLLOWUPS_OPEN.startsWith(text.slice(text.length - n))) {
        keep = n;
        break;
      }
    }
    this.pending = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** The held-back text when the stream ends without the tag. */
  flush(): string {
    const out = this.stopped ? '' : this.pending;
    this.pending = '';
    return out;
  }
}

const ABBREVIATION =
  /(?:\b(?:e\.g|i\.e|et al|al|Fig|Figs|Eq|Eqs|Sec|Ref|Refs|vs|cf|resp|approx|No)|\b[A-Z])\.$/;

/**
 * Character spans of the sentences of a text (trimmed; abbreviations and decimals do not split;
 * a blank line always does).
 */
export function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (b > a) spans.push({ start: a, end: b });
  };
  let start = 0;
  // Sentence ends, and paragraph breaks (headings and paragraphs are never merged).
  for (const m of text.matchAll(/[.!?]+["'\u201d\u2019)\]]*(?=\s|$)|\n[ \t]*\n/g)) {
    const end = m.index + m[0].length;
    if (m[0][0] !== '\n' && ABBREVIATION.test(text.slice(start, end))) continue;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return spans;
}

/** Splits prose into sentences, each exactly as written. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}

/** Windows of up to `size` sentences (overlapping by one) of a text: candidate passages. */
export function sentenceWindows(text: string, size = 3): string[] {
  const sentences = splitSentences(text.replace(/\s+/g, ' ').trim());
  if (sentences.length <= size) return sentences.length ? [sentences.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += size - 1) {
    out.push(sentences.slice(i, i + size).join(' '));
    if (i + size >= sentences.length) break;
  }
  return out;
}
