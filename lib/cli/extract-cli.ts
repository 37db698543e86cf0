/**
 * `npm run extract -- FILE.html [--url URL] [--max-text-chars N]`
 *
 * Runs the content script's extraction on a saved arXiv page and prints
 * `{kind, paper?, entries?, warnings}` as JSON, validated by the `ExtractResult` schema.
 * The page kind comes from the URL: `--url`, else the page's canonical link or og:url, else the
 * file name (`abs_1706.03762.html`, `html_1706.03762v7.html`, `list_cs.CL_recent.html`,
 * `search_*.html`), else what the document looks like. Errors: one clear line, exit code 1.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMParser } from 'linkedom';
import { extractPage } from '../arxiv/extract-page';
import { readabilityFallback } from '../arxiv/extract-readability';
import { parseArxivId, formatArxivId } from '../arxiv/id';
import { pageKindFromUrl } from '../arxiv/page-kind';
import { ExtractResult } from '../arxiv/schema';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

const USAGE = 'Usage: npm run extract -- FILE.html [--url URL] [--max-text-chars N]';

export interface GuessedUrl {
  url: string;
  from: 'canonical link' | 'og:url' | 'file name' | 'page content';
}

/** `abs_hep-th_9711200` -> `hep-th/9711200`; `html_1706.03762v7` -> `1706.03762v7`. */
function idFromFileStem(stem: string): string | null {
  const candidates = [stem, stem.replace('_', '/')];
  for (const c of candidates) {
    const p = parseArxivId(c);
    if (p.ok) return formatArxivId(p.id.base, p.id.version);
  }
  return null;
}

/** The URL a saved page was served from, as well as the page and its file name tell. */
export function guessPageUrl(doc: Document, fileName: string): GuessedUrl | null {
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  if (/^https?:\/\//.test(canonical) && pageKindFromUrl(canonical) !== 'other') {
    // og:url keeps the version the canonical link drops.
    const og = doc.querySelector('meta[property="og:url"]')?.getAttribute('content') ?? '';
    if (og && pageKindFromUrl(og) === pageKindFromUrl(canonical))
      return { url: og, from: 'og:url' };
    return { url: canonical, from: 'canonical link' };
  }
  const og = doc.querySelector('meta[property="og:url"]')?.getAttribute('content') ?? '';
  if (/^https?:\/\//.test(og) && pageKindFromUrl(og) !== 'other')
    return { url: og, from: 'og:url' };

  const stem = basename(fileName).replace(/\.(html?|xhtml)$/i, '');
  const m = /^(abs|html|pdf|list|search)[_-](.*)$/i.exec(stem);
  if (m) {
    const kind = (m[1] ?? '').toLowerCase();
    const rest = m[2] ?? '';
    if (kind === 'list') {
      const parts = rest.split('_').filter(Boolean);
      return { url: `https://arxiv.org/list/${parts.join('/')}`, from: 'file name' };
    }
    if (kind === 'search') return { url: 'https://arxiv.org/search/', from: 'file name' };
    const id =
      idFromFileStem(rest.replace(/_withdrawn$/i, '')) ?? idFromFileStem(rest.split('_')[0] ?? '');
    if (id) return { url: `https://arxiv.org/${kind}/${id}`, from: 'file name' };
  }

  // What the document looks like.
  if (doc.querySelector('article.ltx_document, .ltx_page_main')) {
    const wm = /arXiv:(\S+)/.exec(doc.querySelector('#watermark-tr')?.textContent ?? '');
    const back = doc.querySelector('a[href*="/abs/"]')?.getAttribute('href') ?? '';
    const p = parseArxivId(wm?.[1] ?? '');
    const q = parseArxivId(back.startsWith('/') ? `https://arxiv.org${back}` : back);
    const id = p.ok ? p.id : q.ok ? q.id : null;
    if (id)
      return {
        url: `https://arxiv.org/html/${formatArxivId(id.base, id.version)}`,
        from: 'page content',
      };
  }
  const metaId = doc.querySelector('meta[name="citation_arxiv_id"]')?.getAttribute('content') ?? '';
  const p = parseArxivId(metaId);
  if (p.ok) return { url: `https://arxiv.org/abs/${p.id.base}`, from: 'page content' };
  if (doc.querySelector('li.arxiv-result'))
    return { url: 'https://arxiv.org/search/', from: 'page content' };
  if (doc.querySelector('dl#articles'))
    return { url: 'https://arxiv.org/list/', from: 'page content' };
  return null;
}

interface Args {
  file?: string;
  url?: string;
  maxTextChars?: number;
  help?: boolean;
  error?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--url' || a.startsWith('--url=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) return { error: '--url needs a value, e.g. --url https://arxiv.org/abs/1706.03762' };
      out.url = v;
    } else if (a === '--max-text-chars' || a.startsWith('--max-text-chars=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (!v || !Number.isInteger(n) || n <= 0)
        return { error: '--max-text-chars needs a positive whole number' };
      out.maxTextChars = n;
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else if (!out.file) out.file = a;
    else return { error: `one file at a time (got "${out.file}" and "${a}")` };
  }
  return out;
}

/** Runs the CLI; returns the exit code. */
export function runExtractCli(argv: string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.error) {
    io.stderr(`extract: ${args.error}\n${USAGE}\n`);
    return 1;
  }
  if (!args.file) {
    io.stderr(`extract: no file given.\n${USAGE}\n`);
    return 1;
  }
  let html: string;
  try {
    if (!statSync(args.file).isFile()) {
      io.stderr(`extract: "${args.file}" is not a file.\n`);
      return 1;
    }
    html = readFileSync(args.file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : String((e as Error).message);
    io.stderr(`extract: cannot read "${args.file}": ${why}.\n`);
    return 1;
  }
  if (args.url && !/^https?:\/\//i.test(args.url)) {
    io.stderr(`extract: --url must be an http(s) address, got "${args.url}".\n`);
    return 1;
  }
  try {
    const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    let url = args.url;
    if (!url) {
      const guessed = guessPageUrl(doc, args.file);
      if (!guessed) {
        io.stderr(
          `extract: cannot tell which arXiv page "${basename(args.file)}" is: pass --url (e.g. --url https://arxiv.org/abs/1706.03762).\n`,
        );
        return 1;
      }
      url = guessed.url;
      io.stderr(`extract: reading as ${url} (from the ${guessed.from}).\n`);
    }
    const result = extractPage(doc, url, {
      fallback: readabilityFallback,
      ...(args.maxTextChars ? { maxTextChars: args.maxTextChars } : {}),
    });
    const checked = ExtractResult.safeParse(result);
    if (!checked.success) {
      io.stderr(
        `extract: the result does not match the ExtractResult schema: ${checked.error.message}\n`,
      );
      return 1;
    }
    io.stdout(`${JSON.stringify(checked.data, null, 2)}\n`);
    return 0;
  } catch (e) {
    io.stderr(
      `extract: could not read "${args.file}": ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 1;
  }
}

const invokedDirectly =
  typeof process !== 'undefined' &&
  !!process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href;

if (invokedDirectly) {
  const code = runExtractCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
  process.exitCode = code;
}
