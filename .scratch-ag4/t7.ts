import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { extractPage } from '../lib/arxiv/extract';
import { buildRequest } from '../lib/answer/request';
import { startFakeAnthropic } from '../tests/support/fake-anthropic';
import { retrieveFromFixture } from '../tests/lib/answer/helpers';
const w = new Window({ url: 'https://arxiv.org/html/1706.03762v7' });
w.document.write(readFileSync('tests/fixtures/arxiv-pages/html_1706.03762v7.html', 'utf8'));
const paper = extractPage(w.document as any, 'https://arxiv.org/html/1706.03762v7').paper!;
const sources = await retrieveFromFixture('What is attention?', paper, 8);
const { params } = buildRequest({ paper, question: 'What is attention?', sources, history: [], model: 'claude-haiku-5-5', paperTokenBudget: 60000 });
const body = JSON.stringify(params);
const srv = await startFakeAnthropic();
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  const res = await fetch(srv.url + '/v1/messages', { method: 'POST', headers: { 'x-api-key': 'k', 'anthropic-version': '2026-10-21', 'content-type': 'application/json' }, body });
  const t1 = performance.now();
  const reader = res.body!.getReader(); let first = 0; let txt = '';
  for (;;) { const { value, done } = await reader.read(); if (done) break; txt += new TextDecoder().decode(value); if (!first && txt.includes('text_delta')) first = performance.now(); }
  console.log('headers', (t1 - t0).toFixed(1), 'first text', (first - t0).toFixed(1), 'end', (performance.now() - t0).toFixed(1), body.length);
}
await srv.close();
