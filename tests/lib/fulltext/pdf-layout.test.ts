import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfReadError, readPdf, type PdfJsLike } from '@/lib/fulltext/pdf-read';
import { joinLines } from '@/lib/fulltext/pdf-layout';
import { makePdf, twoColumnPaper } from '../../support/make-pdf';

const lib = pdfjs as unknown as PdfJsLike;

describe('PDF text from a PDF the test makes (bare clone)', () => {
  it('reads two columns in order, drops the running header and page numbers, joins hyphenation, finds headings and pages', async () => {
    const out = await readPdf(twoColumnPaper(3), lib);
    expect(out.pages).toBe(3);
    expect(out.title).toBe('A Paper Made by the Test Itself');
    const text = out.sections.map((s) => s.text).join('\n');
    expect(text).not.toContain('Journal of Test Papers');
    expect(text).toContain('information');
    expect(text).not.toMatch(/informa-/);
    for (let p = 1; p <= 3; p++) {
      const page = out.sections
        .filter((s) => s.page === p)
        .map((s) => s.text)
        .join(' ');
      const order = ['LEFTTOP', 'LEFTBOTTOM', 'RIGHTTOP', 'RIGHTBOTTOM'].map((m) =>
        page.indexOf(m),
      );
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      // The page number is not in the text.
      expect(page).not.toMatch(new RegExp(`(^|\\s)${p}(\\s|$)`));
    }
    expect(out.sections.map((s) => `${s.number} ${s.heading}`)).toEqual(
      expect.arrayContaining(['1 Introduction', '2 Method']),
    );
    // A section crossing a page is split there, with the same heading and the new page.
    expect(out.sections.find((s) => s.page === 2)?.heading).toBe('Introduction');
  });

  it('says why it cannot read an encrypted, a broken or a text-less PDF', async () => {
    const reasons: string[] = [];
    for (const bytes of [
      makePdf([[{ x: 72, y: 700, size: 10, text: 'secret' }]], { encrypted: true }),
      new TextEncoder().encode('%PDF-1.4\nthis is not a PDF body'),
      makePdf([[], []]),
    ]) {
      const err = await readPdf(bytes, lib).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfReadError);
      reasons.push((err as PdfReadError).reason);
      expect((err as Error).message).not.toContain('\n');
    }
    expect(reasons).toEqual(['encrypted', 'broken', 'scanned']);
  });

  it('joins a hyphenated line break only before a lower-case word', () => {
    expect(joinLines(['the informa-', 'tion flows'])).toBe('the information flows');
    expect(joinLines(['state-of-the-', 'Art'])).toBe('state-of-the- Art');
  });
});
