import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { extractPage } from '/work/main/lib/arxiv/extract.ts';
const dir = '/work/shared/fixtures/arxiv-pages/';
const files: [string,string][] = [
 ['abs_1706.03762.html','https://arxiv.org/abs/1706.03762'],
 ['abs_hep-th_9711200.html','https://arxiv.org/abs/hep-th/9711200'],
 ['abs_0902.4054_withdrawn.html','https://arxiv.org/abs/0902.4054'],
 ['html_1706.03762v7.html','https://arxiv.org/html/1706.03762v7'],
 ['html_2401.00001v1.html','https://arxiv.org/html/2401.00001v1'],
 ['list_cs.CL_recent.html','https://arxiv.org/list/cs.CL/recent'],
 ['search_all_attention.html','https://arxiv.org/search/?query=attention+is+all+you+need&searchtype=all'],
];
for (const [f,url] of files) {
  const w = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true } as any });
  const doc = new w.DOMParser().parseFromString(readFileSync(dir+f,'utf8'), 'text/html');
  const t0 = performance.now();
  const r = extractPage(doc as unknown as Document, url);
  const ms = performance.now()-t0;
  const p = r.paper;
  console.log('=====', f, r.kind, ms.toFixed(1)+'ms', JSON.stringify(r.warnings));
  if (p) {
    const { sections, references, captions, ...rest } = p;
    console.log(JSON.stringify(rest, null, 1).slice(0, 3000));
    console.log('sections', sections.length, sections.map(s => `${s.level} ${s.number} | ${s.heading} | ${s.text.length}`).join('\n'));
    console.log('refs', references.length);
    for (const r of references.slice(0, 40)) console.log(JSON.stringify(r));
    console.log('captions', JSON.stringify(captions, null, 0)?.slice(0, 1500));
  }
  if (r.entries) { console.log('entries', r.entries.length); console.log(JSON.stringify(r.entries.slice(0,3), null, 1).slice(0, 3000)); }
  w.close();
}
