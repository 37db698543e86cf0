/**
 * PDF extraction on five real arXiv PDFs (two-column and one-column, heavy math, 2009 to 2025).
 * Their licences do not allow copying them here: they are read from ../shared/fixtures/arxiv-pdf
 * and these tests are skipped, saying so, when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readPdf, type PdfJsLike } from '@/lib/fulltext/pdf-read';
import type { PdfLayout } from '@/lib/fulltext/pdf-layout';

const DIR = path.resolve(__dirname, '../../../../shared/fixtures/arxiv-pdf');
const present = existsSync(DIR);
if (!present) {
  console.warn(
    `[skipped] real arXiv PDF tests: ${DIR} is absent (its PDFs may not be copied here).`,
  );
}
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const lib = pdfjs as unknown as PdfJsLike;
const cache = new Map<string, Promise<PdfLayout>>();
const read = (file: string) => {
  if (!cache.has(file))
    cache.set(file, readPdf(new Uint8Array(readFileSync(path.join(DIR, file))), lib));
  return cache.get(file)!;
};
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/-\s*\n\s*/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();

const PAPERS = [
  {
    file: '2501.10120v1.pdf',
    id: '2501.10120v1',
    pages: 15,
    title: /PaSa: An LLM Agent/,
    twoCol: 3,
  },
  { file: '2302.07302v1.pdf', id: '2302.07302v1', pages: 15, title: /CiteSee/, twoCol: 3 },
  { file: '2206.10883v3.pdf', id: '2206.10883v3', pages: 37, title: null, twoCol: 0 },
  { file: '1906.08632v2.pdf', id: '1906.08632v2', pages: 26, title: null, twoCol: 0 },
  {
    file: '0908.0054v1.pdf',
    id: '0908.0054v1',
    pages: 4,
    title: /bosonic dark matter/i,
    twoCol: 2,
  },
];

describe.skipIf(!present)('PDF extraction on real arXiv PDFs (../shared)', () => {
  for (const p of PAPERS) {
    it(
      `${p.file}: every page, the arXiv stamp's id, no repeated header or stamp`,
      { timeout: 180_000 },
      async () => {
        const out = await read(p.file);
        expect(out.pages).toBe(p.pages);
        expect(out.arxivId).toBe(p.id);
        if (p.title) expect(out.title).toMatch(p.title);
        const pages = new Set(out.sections.map((s) => s.page));
        // Every page with text has its span (figure-only pages may have none).
        expect(pages.size).toBeGreaterThanOrEqual(p.pages - 2);
        const text = out.sections.map((s) => s.text).join('\n');
        expect(text).not.toMatch(/arXiv:\d{4}\.\d{4,5}v\d+\s*\[[^\]]+\]\s+\d{1,2} \w{3} \d{4}/);
        expect(out.chars).toBeGreaterThan(p.pages * 1000);
        // No line of the page margins repeated on most pages (running headers/footers).
        const firsts = new Map<string, number>();
        for (const s of out.sections) {
          const head = s.text.split(/(?<=[.!?])\s/)[0]?.slice(0, 40) ?? '';
          if (head.length > 15) firsts.set(head, (firsts.get(head) ?? 0) + 1);
        }
        expect(Math.max(0, ...firsts.values())).toBeLessThan(Math.max(3, p.pages / 3));
      },
    );
  }

  it.skipIf(!hasPdftotext)(
    'reads two-column pages in the order pdftotext reads them',
    { timeout: 180_000 },
    async () => {
      for (const p of PAPERS.filter((x) => x.twoCol)) {
        const out = await read(p.file);
        const mine = norm(
          out.sections
            .filter((s) => s.page === p.twoCol)
            .map((s) => `${s.heading}\n${s.text}`)
            .join('\n'),
        );
        const ref = norm(
          execFileSync(
            'pdftotext',
            ['-f', String(p.twoCol), '-l', String(p.twoCol), path.join(DIR, p.file), '-'],
            {
              encoding: 'utf8',
            },
          ),
        );
        // 6-word probes spread over our text: those pdftotext also has must come in the same order.
        const words = mine.split(' ');
        const found: number[] = [];
        for (let i = 0; i + 6 < words.length; i += Math.max(6, Math.floor(words.length / 40))) {
          const at = ref.indexOf(words.slice(i, i + 6).join(' '));
          if (at >= 0) found.push(at);
        }
        expect(found.length, p.file).toBeGreaterThan(15);
        let inOrder = 0;
        for (let i = 1; i < found.length; i++) if (found[i]! > found[i - 1]!) inOrder++;
        expect(inOrder / (found.length - 1), p.file).toBeGreaterThan(0.85);
      }
    },
  );
});
