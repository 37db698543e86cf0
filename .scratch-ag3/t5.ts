import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { extractPage } from '../lib/arxiv/extract';
const url = 'https://arxiv.org/html/1706.03762v7';
const w = new Window({ url });
const doc = new w.DOMParser().parseFromString(readFileSync('tests/fixtures/arxiv-pages/html_1706.03762v7.html','utf8'), 'text/html');
const r = extractPage(doc as unknown as Document, url);
for (const n of process.argv.slice(2)) { const s = r.paper!.sections.find(s => s.number === n || s.heading === n); console.log('-----', n, '\n' + s?.text); }
