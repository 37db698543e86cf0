import { readFileSync } from 'node:fs';
import { DOMParser } from 'linkedom';
import { extractPage } from '../lib/arxiv/extract';
const dir = 'tests/fixtures/arxiv-pages/';
const files: [string,string][] = [
 ['abs_1706.03762.html','https://arxiv.org/abs/1706.03762'],
 ['html_1706.03762v7.html','https://arxiv.org/html/1706.03762v7'],
 ['html_2401.00001v1.html','https://arxiv.org/html/2401.00001v1'],
 ['list_cs.CL_recent.html','https://arxiv.org/list/cs.CL/recent'],
 ['search_all_attention.html','https://arxiv.org/search/?query=x'],
];
for (const [f,url] of files) {
  const t0 = performance.now();
  const doc = new DOMParser().parseFromString(readFileSync(dir+f,'utf8'), 'text/html');
  const t1 = performance.now();
  const r = extractPage(doc as unknown as Document, url);
  const t2 = performance.now();
  console.log(f, r.kind, (t1-t0).toFixed(1), (t2-t1).toFixed(1), JSON.stringify(r.warnings), r.paper?.title, r.paper?.authors.length, r.paper?.sections.length, r.paper?.references.length, r.paper?.sections.reduce((n,s)=>n+s.text.length,0), r.entries?.length);
}
// readability on linkedom: strip ltx classes
const html = readFileSync(dir+'html_1706.03762v7.html','utf8').replace(/ltx_/g, 'x_');
const doc = new DOMParser().parseFromString(html, 'text/html');
const r = extractPage(doc as unknown as Document, 'https://arxiv.org/html/1706.03762v7');
console.log(JSON.stringify(r.warnings), r.paper?.title, r.paper?.sections.length, r.paper?.sections.slice(0,5).map(s => [s.number, s.heading, s.level, s.text.slice(0,80)]));
