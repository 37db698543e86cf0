/**
 * Issue 17: "Build my corpus" for a typical field-year, timed. The welcome page's harvest
 * (lib/corpus harvestQuery as the background job runs it: `cat:CAT AND submittedDate:[…]`, newest
 * first, 2,000 papers a request, one request every 3 s through the real RequestGate) in a real
 * Chromium page with real IndexedDB, against a local export API.
 *
 * The field-year: the papers of the corpus file (default the real 74,728 cs papers) whose primary
 * category is CAT and whose first version is from YEAR (default cs.CL 2025: 11,827 real papers).
 * The local server answers with Atom feeds in the shape of the recorded export-API responses
 * (tests/fixtures/arxiv-api/atom), their entries written from those real records: DERIVED
 * responses, not recorded ones (no recording of a whole field-year exists). Network time is not
 * in the figure (a local server); the note gives the bytes downloaded, for a reader to add their
 * connection's time.
 *
 * Options: `--harvest-category cs.CL`, `--harvest-year 2025`.
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { HarvestSample } from '../page/harvest-in-page';
import { parseBenchArgs, stringOption } from '../lib/args';
import { round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

interface KaggleRow {
  id: string;
  title: string;
  abstract: string;
  authors_parsed?: string[][];
  authors?: string;
  categories: string;
  versions?: Array<{ version: string; created: string }>;
  doi?: string | null;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One Atom entry for a Kaggle record, in the export API's shape. */
function atomEntry(r: KaggleRow): string {
  const versions = r.versions ?? [];
  const v = versions.length || 1;
  const first = new Date(versions[0]?.created ?? '2025-01-01').toISOString().slice(0, 19) + 'Z';
  const last =
    new Date(versions[versions.length - 1]?.created ?? first).toISOString().slice(0, 19) + 'Z';
  const cats = r.categories.split(/\s+/).filter(Boolean);
  const authors = r.authors_parsed?.length
    ? r.authors_parsed.map((a) => [a[1], a[0]].filter(Boolean).join(' '))
    : (r.authors ?? '').split(/,\s*|\s+and\s+/).filter(Boolean);
  return `  <entry>
    <id>http://arxiv.org/abs/${r.id}v${v}</id>
    <title>${esc(r.title.replace(/\s+/g, ' ').trim())}</title>
    <updated>${last}</updated>
    <link href="https://arxiv.org/abs/${r.id}v${v}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${r.id}v${v}" rel="related" type="application/pdf" title="pdf"/>
    <summary>${esc(r.abstract.replace(/\s+/g, ' ').trim())}</summary>
${cats.map((c) => `    <category term="${esc(c)}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
    <published>${first}</published>
    <arxiv:primary_category term="${esc(cats[0] ?? '')}"/>
${authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`).join('\n')}
${r.doi ? `    <arxiv:doi>${esc(r.doi)}</arxiv:doi>` : ''}
  </entry>`;
}

function feed(entries: string[], total: number, start: number): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/bench</id>
  <title>arXiv Query: bench</title>
  <updated>2026-12-06T00:00:00Z</updated>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>
${entries.join('\n')}
</feed>
`;
}

/** The field-year's records of the corpus file, newest first (as `sortBy=submittedDate`). */
async function fieldYear(file: string, category: string, year: string): Promise<KaggleRow[]> {
  const input = file.endsWith('.gz')
    ? createReadStream(file).pipe(createGunzip())
    : createReadStream(file);
  const out: Array<{ r: KaggleRow; at: number }> = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as KaggleRow;
    if (r.categories.split(/\s+/)[0] !== category) continue;
    const created = r.versions?.[0]?.created;
    if (!created) continue;
    const at = Date.parse(created);
    if (new Date(at).getUTCFullYear() !== Number(year)) continue;
    out.push({ r, at });
  }
  return out.sort((a, b) => b.at - a.at).map((x) => x.r);
}

const group: BenchGroup = {
  name: 'harvest',
  description:
    'issue 17: "Build my corpus" for one field-year (export API, 2,000 a request, 3 s rule) into real IndexedDB',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const args = parseBenchArgs(ctx.args);
    const category = stringOption(args, 'harvest-category', 'cs.CL');
    const year = stringOption(args, 'harvest-year', '2025');
    const rows: BenchRow[] = [];
    const records = await fieldYear(ctx.corpusPath, category, year);
    if (!records.length) {
      throw new BenchGroupError(
        `harvest: no ${category} paper of ${year} in ${ctx.corpusPath}`,
        rows,
      );
    }
    ctx.log(`harvest: ${records.length.toLocaleString('en-US')} ${category} papers of ${year}`);
    const entries = records.map(atomEntry);
    let bytes = 0;
    let requests = 0;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const start = Number(url.searchParams.get('start') ?? 0);
      const n = Number(url.searchParams.get('max_results') ?? 10);
      const body = feed(entries.slice(start, start + n), entries.length, start);
      bytes += Buffer.byteLength(body);
      requests++;
      res.writeHead(200, {
        'content-type': 'application/atom+xml; charset=utf-8',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
      const page = await ctx.newPage('harvest');
      page.on('console', (m) => {
        if (m.type() === 'error') ctx.log(`[harvest page] ${m.text()}`);
      });
      await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/harvest-in-page.ts') });
      const s: HarvestSample = await page.evaluate((a) => window.__harvestBench!.run(a), {
        apiUrl,
        category,
        from: `${year}-01-01`,
        maxResults: 50_000,
      });
      if (s.error) throw new BenchGroupError(`harvest: ${s.error}`, rows);
      const mb = bytes / 1e6;
      const note =
        `${s.added.toLocaleString('en-US')} real ${category} papers of ${year} (derived Atom responses from the corpus file), ` +
        `${s.requests} requests of 2,000 through the 3 s gate, real IndexedDB; local server, so no network time: ` +
        `${mb.toFixed(1)} MB downloaded (+${Math.round((mb * 8) / 20)} s at 20 Mbit/s); load average ${loadavg()[0]!.toFixed(1)}`;
      rows.push(
        {
          metric: 'harvest_field_year_s',
          engine: 'antigravity',
          corpus: `${category}-${year}`,
          value: round(s.ms / 1000, 1),
          unit: 's',
          note,
        },
        {
          metric: 'harvest_papers_per_s',
          engine: 'antigravity',
          corpus: `${category}-${year}`,
          value: round(s.added / (s.ms / 1000), 0),
          unit: 'papers/s',
        },
      );
      if (s.added !== records.length) {
        throw new BenchGroupError(
          `harvest: ${s.added} stored of ${records.length} served (${requests} requests)`,
          rows,
        );
      }
      return rows;
    } finally {
      server.close();
    }
  },
};

export default group;
