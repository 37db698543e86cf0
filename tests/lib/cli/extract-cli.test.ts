import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runExtractCli } from '@/lib/cli/extract-cli';
import { ExtractResult } from '@/lib/arxiv/schema';

const ROOT = join(__dirname, '../../..');
const PAGES = join(__dirname, '../../fixtures/arxiv-pages');
const tmp = mkdtempSync(join(tmpdir(), 'ag-extract-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runExtractCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr, json: () => ExtractResult.parse(JSON.parse(stdout)) };
}

describe('extract CLI on saved pages', () => {
  it('abs page: kind and URL from the page itself', () => {
    const r = run(join(PAGES, 'abs_hep-th_9711200.html'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /reading as https:\/\/arxiv.org\/abs\/hep-th\/9711200v3 \(from the og:url\)/,
    );
    const out = r.json();
    expect(out.kind).toBe('abs');
    expect(out.paper).toMatchObject({ id: 'hep-th/9711200', version: 3, categories: ['hep-th'] });
  });

  it('html page: kind from the file name; sections, references with arxivIds/dois/urls', () => {
    const r = run(join(PAGES, 'html_1706.03762v7.html'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/from the file name/);
    const out = r.json();
    expect(out.kind).toBe('html');
    expect(out.paper?.sections.length).toBe(28);
    expect(out.paper?.references.length).toBe(40);
    for (const ref of out.paper?.references ?? []) {
      expect(ref).toHaveProperty('arxivIds');
      expect(ref).toHaveProperty('dois');
      expect(ref).toHaveProperty('urls');
    }
  });

  it('listing and search pages give entries', () => {
    expect(run(join(PAGES, 'list_cs.CL_recent.html')).json().entries?.length).toBe(50);
    const search = run(join(PAGES, 'search_all_attention.html')).json();
    expect(search.kind).toBe('search');
    expect(search.entries?.length).toBe(50);
  });

  it('any file name: the page content tells the kind', () => {
    const f = join(tmp, 'saved page.html');
    copyFileSync(join(PAGES, 'html_2401.00001v1.html'), f);
    const r = run(f);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/html\/2401.00001v1 \(from the page content\)/);
    expect(r.json().paper?.id).toBe('2401.00001');
    const g = join(tmp, 'results.html');
    copyFileSync(join(PAGES, 'search_all_attention.html'), g);
    expect(run(g).json().kind).toBe('search');
  });

  it('--url gives the kind when nothing else does, and wins over the page', () => {
    const f = join(tmp, 'page.html');
    writeFileSync(f, '<html><body><p>Just a page</p></body></html>');
    const unknown = run(f);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/cannot tell which arXiv page "page.html" is: pass --url/);
    const r = run(f, '--url', 'https://arxiv.org/help/api');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      kind: 'other',
      warnings: [{ code: 'not_a_paper', message: expect.any(String) }],
    });
    const asHtml = run(
      join(PAGES, 'html_1706.03762v7.html'),
      '--url=https://arxiv.org/html/1706.03762',
    );
    expect(asHtml.stderr).toBe('');
    expect(asHtml.json().paper?.version).toBe(7);
  });

  it('--max-text-chars caps the text with a too_large warning', () => {
    const out = run(join(PAGES, 'html_1706.03762v7.html'), '--max-text-chars', '2000').json();
    expect(out.warnings.map((w) => w.code)).toEqual(['too_large']);
    expect(out.paper?.sections.reduce((n, s) => n + s.text.length, 0)).toBe(2000);
  });

  it('errors: one clear line and exit code 1, never a stack trace', () => {
    const cases: [string[], RegExp][] = [
      [[], /no file given/],
      [[join(tmp, 'missing.html')], /cannot read ".*missing.html": no such file\./],
      [[tmp], /is not a file/],
      [[join(PAGES, 'abs_1706.03762.html'), '--url'], /--url needs a value/],
      [
        [join(PAGES, 'abs_1706.03762.html'), '--url', 'arxiv.org/abs/1'],
        /--url must be an http\(s\) address/,
      ],
      [[join(PAGES, 'abs_1706.03762.html'), '--max-text-chars', 'lots'], /positive whole number/],
      [[join(PAGES, 'abs_1706.03762.html'), '--frobnicate'], /unknown option --frobnicate/],
      [['a.html', 'b.html'], /one file at a time/],
    ];
    for (const [argv, message] of cases) {
      const r = run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--help prints the usage', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run extract -- FILE.html/);
  });
});

describe('npm run extract (the real script)', () => {
  const exec = promisify(execFile);
  const script = (...args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'lib/cli/extract-cli.ts', ...args], { cwd: ROOT });

  it('prints the JSON result', async () => {
    const { stdout } = await script(join(PAGES, 'abs_0902.4054_withdrawn.html'));
    const out = ExtractResult.parse(JSON.parse(stdout));
    expect(out.paper).toMatchObject({ id: '0902.4054', withdrawn: true });
  });

  it('exits 1 with a one-line message on a missing file', async () => {
    const err = await script('nope.html').then(
      () => null,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toBe('');
    expect(err?.stderr.trim()).toBe('extract: cannot read "nope.html": no such file.');
  });
});
