import { readFileSync } from 'node:fs';
import { DOMParser } from 'linkedom';
import { extractPage } from '../lib/arxiv/extract';
const html = readFileSync('tests/fixtures/arxiv-pages/html_1706.03762v7.html','utf8');
for (const frac of [0.05, 0.12, 0.2, 0.5, 0.8, 0.95]) {
  const cut = html.slice(0, Math.floor(html.length*frac));
  const doc = new DOMParser().parseFromString(cut, 'text/html');
  const r = extractPage(doc as any, 'https://arxiv.org/html/1706.03762v7');
  console.log(frac, r.paper?.title, r.paper?.sections.length, r.paper?.references.length, JSON.stringify(r.warnings.map(w=>w.code+': '+w.message)));
}
const abs = readFileSync('tests/fixtures/arxiv-pages/abs_1706.03762.html','utf8');
for (const frac of [0.02, 0.1, 0.25, 0.3, 0.5]) {
  const doc = new DOMParser().parseFromString(abs.slice(0, Math.floor(abs.length*frac)), 'text/html');
  const r = extractPage(doc as any, 'https://arxiv.org/abs/1706.03762');
  console.log('abs', frac, r.paper?.title, r.paper?.version, r.paper?.versions?.length, r.paper?.categories, JSON.stringify(r.warnings.map(w=>w.code)));
}
const list = readFileSync('tests/fixtures/arxiv-pages/list_cs.CL_recent.html','utf8');
for (const frac of [0.1, 0.5, 0.9]) {
  const doc = new DOMParser().parseFromString(list.slice(0, Math.floor(list.length*frac)), 'text/html');
  const r = extractPage(doc as any, 'https://arxiv.org/list/cs.CL/recent');
  console.log('list', frac, r.entries?.length, JSON.stringify(r.warnings.map(w=>w.code)));
}
