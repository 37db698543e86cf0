/**
 * From a paper's title and abstract to its indexed terms and their impacts (BM25F-saturated,
 * one byte each: lib/corpus/postings.ts), and from a question to query weights.
 */
import { K1, quantize, saturation } from './postings';
import { termCounts } from './tokenize';

export interface AnalyzedText {
  terms: string[];
  /** Impact (1..255) of each term, parallel to `terms`. */
  impacts: Uint8Array;
}

/** The indexed terms of a paper (title weighted above abstract) and their impacts. */
export function analyzePaper(title: string, abstract: string): AnalyzedText {
  const tc = termCounts(title);
  const ac = termCounts(abstract);
  let lenT = 0;
  for (const v of tc.values()) lenT += v;
  let lenA = 0;
  for (const v of ac.values()) lenA += v;
  const terms: string[] = [];
  for (const t of tc.keys()) terms.push(t);
  for (const t of ac.keys()) if (!tc.has(t)) terms.push(t);
  const impacts = new Uint8Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as string;
    impacts[i] = quantize(saturation(tc.get(t) ?? 0, ac.get(t) ?? 0, lenT, lenA));
  }
  return { terms, impacts };
}

/** A paper's term weights as a map (impacts scaled back to 0..1). */
export function paperWeights(title: string, abstract: string): Map<string, number> {
  const a = analyzePaper(title, abstract);
  const m = new Map<string, number>();
  for (let i = 0; i < a.terms.length; i++)
    m.set(a.terms[i] as string, (a.impacts[i] as number) / 255);
  return m;
}

/**
 * Share of the query weight given to the open paper's title/abstract when passed as context: as
 * a whole it weighs twice the question (so a vague question is steered to the paper's topic),
 * each of its (up to 30) terms far less than a question term (so a precise question still wins).
 */
export const CONTEXT_SHARE = 2 / 3;
/** The context's strongest terms only: a query stays a few dozen terms. */
export const MAX_CONTEXT_TERMS = 30;

/**
 * Query weights of a question, plus (optionally) the open paper as context. A question term
 * weighs `tf·(K1+1)/(tf+K1)` (1 for a single occurrence); the context's terms together weigh
 * CONTEXT_SHARE of the whole query (all of it when the question has no terms).
 */
export function queryWeights(text: string, context?: string): Map<string, number> {
  const q = new Map<string, number>();
  let qMass = 0;
  for (const [t, tf] of termCounts(text)) {
    const w = (tf * (K1 + 1)) / (tf + K1);
    q.set(t, w);
    qMass += w;
  }
  if (context && context.trim()) {
    const [title, ...rest] = context.split('\n');
    const ctx = [...paperWeights(title ?? '', rest.join('\n'))]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_CONTEXT_TERMS);
    let cMass = 0;
    for (const [, w] of ctx) cMass += w;
    if (cMass > 0) {
      const scale = qMass > 0 ? (qMass * CONTEXT_SHARE) / (1 - CONTEXT_SHARE) / cMass : 1;
      for (const [t, w] of ctx) q.set(t, (q.get(t) ?? 0) + w * scale);
    }
  }
  return q;
}
