/**
 * Shared material for the answer tests: a real paper (arXiv's HTML of 1706.03762v7, read by the
 * product's own extractor), real candidate sources (the 50 entries of arXiv's search page for
 * "attention"), a retrieval function ranking them by term overlap, settings for the fake API, and
 * the fake API itself for a test file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { readPage } from '../arxiv/read-page';
import type { ListingEntry, Paper } from '../../../lib/arxiv/schema';
import type { Source } from '../../../lib/corpus/schema';
import { tokenize } from '../../../lib/corpus/tokenize';
import type { AnswerEvent } from '../../../lib/answer/schema';
import { parseSettings, type Settings } from '../../../lib/settings';
import { resetDbForTests } from '../../../lib/db';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';

const FIXTURES = fileURLToPath(new URL('../../fixtures/arxiv-pages/', import.meta.url));

function read(file: string, url: string) {
  const w = new Window({ url });
  w.document.write(readFileSync(path.join(FIXTURES, file), 'utf8'));
  const result = readPage(w.document as unknown as Document, url);
  w.close();
  return result;
}

let paperCache: Paper | undefined;
/** "Attention Is All You Need", with its sections, as the content script reads it. */
export function attentionPaper(): Paper {
  paperCache ??= read('html_1706.03762v7.html', 'https://arxiv.org/html/1706.03762v7').paper!;
  return structuredClone(paperCache);
}

let entriesCache: ListingEntry[] | undefined;
export function searchEntries(): ListingEntry[] {
  entriesCache ??= read(
    'search_all_attention.html',
    'https://arxiv.org/search/?query=attention&searchtype=all',
  ).entries!;
  return entriesCache;
}

function vector(text: string): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of tokenize(text)) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    dot += x * (b.get(t) ?? 0);
  }
  for (const x of b.values()) nb += x * x;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Ranks the search-page entries against the question and the paper (cosine of term counts). */
export async function retrieveFromFixture(
  question: string,
  paper: Paper,
  k: number,
): Promise<Source[]> {
  const q = vector(`${question} ${question} ${paper.title}`);
  return searchEntries()
    .filter((e) => e.id !== paper.id)
    .map((e) => ({
      id: e.id,
      version: e.version,
      title: e.title,
      authors: e.authors,
      abstract: e.abstract ?? '',
      primaryCategory: e.categories[0] ?? '',
      categories: e.categories,
      similarity: Math.min(1, cosine(q, vector(`${e.title} ${e.abstract ?? ''}`))),
    }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}

export function testSettings(baseUrl: string, patch: Partial<Settings> = {}): Settings {
  return { ...parseSettings({ apiKey: 'sk-ant-test-key', baseUrl }), ...patch };
}

/** Collects emitted events. */
export function recorder() {
  const events: AnswerEvent[] = [];
  const emit = (e: AnswerEvent) => {
    events.push(e);
  };
  const of = <T extends AnswerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<AnswerEvent, { type: T }> => e.type === type);
  const text = () =>
    of('delta')
      .map((e) => e.text)
      .join('');
  return { events, emit, of, text };
}

/**
 * The fake Messages API for one test file: started once (handed to `set`), closed after the
 * file; before each test its script is reset and the database emptied.
 */
export function useFakeAnthropic(set: (srv: FakeAnthropic) => void): void {
  let srv: FakeAnthropic | undefined;
  beforeAll(async () => {
    srv = await startFakeAnthropic();
    set(srv);
  });
  afterAll(async () => {
    await srv?.close();
  });
  beforeEach(async () => {
    srv?.reset();
    await resetDbForTests();
  });
}
