/**
 * Writes small PDFs for tests: pages of Helvetica text placed at given points (PDF units, origin
 * bottom left, US Letter), so a bare clone tests the PDF pipeline without the real papers of
 * ../shared. `encrypted` adds a Standard security handler whose password nobody knows.
 */
export interface PdfTextItem {
  x: number;
  y: number;
  size: number;
  text: string;
}

const esc = (s: string) => s.replace(/[\\()]/g, '\\$&');

export function makePdf(pages: PdfTextItem[][], opts: { encrypted?: boolean } = {}): Uint8Array {
  const objs: string[] = [];
  const add = (body: string) => {
    objs.push(body);
    return objs.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const font = add(
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  );
  const kids: number[] = [];
  for (const items of pages) {
    const stream = items
      .map((i) => `BT /F1 ${i.size} Tf ${i.x} ${i.y} Td (${esc(i.text)}) Tj ET`)
      .join('\n');
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objs[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objs[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let encrypt = '';
  if (opts.encrypted) {
    const hex32 = (c: string) => `<${c.repeat(64)}>`;
    const e = add(`<< /Filter /Standard /V 1 /R 2 /O ${hex32('a')} /U ${hex32('b')} /P -4 >>`);
    encrypt = ` /Encrypt ${e} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root ${catalog} 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** Words of filler prose, deterministic, for columns of body text. */
export function prose(seed: number, words: number): string {
  const vocab =
    'the model reads every page of the paper and keeps its order while columns flow from left to right with care'.split(
      ' ',
    );
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(vocab[(seed * 7 + i * 3) % vocab.length]!);
  return out.join(' ');
}

/**
 * A two-column test paper: a running header and a page number on every page, a title on page 1,
 * headings in a larger size, one hyphenated line break ("informa-" / "tion"), and marker words
 * that show the reading order (LEFTTOP, LEFTBOTTOM, RIGHTTOP, RIGHTBOTTOM on each page).
 */
export function twoColumnPaper(pageCount = 3): Uint8Array {
  const pages: PdfTextItem[][] = [];
  for (let p = 1; p <= pageCount; p++) {
    const items: PdfTextItem[] = [
      { x: 72, y: 760, size: 8, text: 'Journal of Test Papers, Vol. 1' },
      { x: 300, y: 40, size: 9, text: String(p) },
    ];
    let y = 720;
    if (p === 1) {
      items.push({ x: 100, y: 720, size: 18, text: 'A Paper Made by the Test Itself' });
      y = 680;
    }
    // Left column: x 72..290; right column: x 320..540.
    const col = (x: number, tag: string, heading?: string) => {
      let cy = y;
      if (heading) {
        items.push({ x, y: cy, size: 13, text: heading });
        cy -= 20;
      }
      items.push({ x, y: cy, size: 10, text: `${tag}TOP ${prose(p, 5)}` });
      cy -= 12;
      for (let i = 0; i < 20; i++) {
        // Sentences of three lines; line 6 of the left column breaks "informa-" / "tion".
        const end = i % 3 === 2 ? '.' : '';
        const text =
          i === 5 && tag === 'LEFT'
            ? `${prose(p + i, 5)} informa-`
            : i === 6 && tag === 'LEFT'
              ? `tion ${prose(p + i, 5)}${end}`
              : `${prose(p + i, 6)}${end}`;
        items.push({ x, y: cy, size: 10, text });
        cy -= 12;
      }
      items.push({ x, y: cy, size: 10, text: `${tag}BOTTOM end of column.` });
    };
    col(72, 'LEFT', p === 1 ? '1 Introduction' : undefined);
    col(320, 'RIGHT', p === 2 ? '2 Method' : undefined);
    pages.push(items);
  }
  return makePdf(pages);
}
