import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { BenchContext } from './bench-types';

export const CHROMIUM = '/usr/bin/chromium';
/** Flags from ../shared/notes/platform.md. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const BLANK =
  '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body></body></html>';

/** Resolves `@/x` to `<root>/x` like WXT does. */
function aliasPlugin(root: string): Plugin {
  return {
    name: 'at-alias',
    setup(b) {
      b.onResolve({ filter: /^@\// }, (args) =>
        b.resolve('./' + args.path.slice(2), {
          resolveDir: root,
          kind: args.kind,
          importer: args.importer,
        }),
      );
    },
  };
}

/**
 * The harness's browser, server and build helpers. One Chromium (persistent context on a fresh
 * user-data dir), one local HTTP server; `dispose()` closes both and removes the profile.
 */
export class Harness {
  private context: BrowserContext | undefined;
  private launching: Promise<BrowserContext> | undefined;
  /** One local server per site: each its own origin, so its own storage (and storage estimate). */
  private servers = new Map<string, Server>();
  private serverOrigins = new Map<string, Promise<string>>();
  private readonly files = new Map<string, string>();
  private readonly bundles = new Map<string, Promise<string>>();
  private readonly extensions = new Map<string, Promise<string>>();
  private readonly userDataDir: string;

  constructor(
    readonly root: string,
    readonly corpusPath: string,
    readonly args: string[],
    readonly log: (msg: string) => void,
  ) {
    this.userDataDir = mkdtempSync(path.join(tmpdir(), 'antigravity-bench-'));
  }

  asContext(): BenchContext {
    return {
      root: this.root,
      corpusPath: this.corpusPath,
      args: this.args,
      log: this.log,
      bundle: (f) => this.bundle(f),
      newPage: (site) => this.newPage(site),
      serveFile: (u, f) => this.serveFile(u, f),
      buildExtension: (opts) => this.buildExtension(opts),
      restartBrowser: () => this.restartBrowser(),
      origin: (site) => this.origin(site),
    };
  }

  origin(site = 'main'): Promise<string> {
    const known = this.serverOrigins.get(site);
    if (known) return known;
    const started = new Promise<string>((resolve, reject) => {
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const file = this.files.get(url.pathname);
        if (file) {
          let size: number;
          try {
            size = statSync(file).size;
          } catch {
            res.writeHead(404).end('missing file');
            return;
          }
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-length': String(size),
            'cache-control': 'no-store',
          });
          createReadStream(file).pipe(res);
          return;
        }
        if (url.pathname === '/' || url.pathname === '/blank') {
          res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
          });
          res.end(BLANK);
          return;
        }
        if (url.pathname === '/favicon.ico') {
          res.writeHead(204).end();
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      });
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const addr = server.address();
        if (addr && typeof addr === 'object') resolve(`http://127.0.0.1:${addr.port}`);
        else reject(new Error('server has no address'));
      });
      this.servers.set(site, server);
    });
    this.serverOrigins.set(site, started);
    return started;
  }

  serveFile(urlPath: string, filePath: string): void {
    if (!urlPath.startsWith('/'))
      throw new Error(`serveFile: urlPath must start with "/": ${urlPath}`);
    if (!existsSync(filePath)) throw new Error(`serveFile: no such file ${filePath}`);
    this.files.set(urlPath, path.resolve(filePath));
  }

  bundle(entryFile: string): Promise<string> {
    const abs = path.resolve(this.root, entryFile);
    let p = this.bundles.get(abs);
    if (!p) {
      p = esbuild({
        entryPoints: [abs],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'chrome116',
        minify: false,
        sourcemap: false,
        logLevel: 'silent',
        absWorkingDir: this.root,
        define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false' },
        plugins: [aliasPlugin(this.root)],
      }).then((r) => r.outputFiles[0]!.text);
      this.bundles.set(abs, p);
    }
    return p;
  }

  private browser(): Promise<BrowserContext> {
    if (this.context) return Promise.resolve(this.context);
    this.launching ??= chromium
      .launchPersistentContext(this.userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      })
      .then((c) => {
        this.context = c;
        this.launching = undefined;
        return c;
      })
      .catch((e: unknown) => {
        this.launching = undefined;
        throw e;
      });
    return this.launching;
  }

  async newPage(site?: string): Promise<Page> {
    const [context, origin] = await Promise.all([this.browser(), this.origin(site)]);
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    page.on('pageerror', (e) => this.log(`[page error] ${e.message}`));
    await page.goto(origin + '/blank');
    return page;
  }

  async restartBrowser(): Promise<void> {
    const c = this.context ?? (await this.launching);
    this.context = undefined;
    if (c) await c.close();
    await this.browser();
  }

  buildExtension(opts: { pageMarks?: boolean } = {}): Promise<string> {
    const variant = opts.pageMarks ? 'page-marks' : 'production';
    const known = this.extensions.get(variant);
    if (known) return known;
    // Production code; `pageMarks` adds only the test hooks (open shadow roots, <html> marks) that
    // a page-side probe needs to see badges, into a folder of its own.
    const outDir = opts.pageMarks ? '.output/bench' : '.output';
    const built = new Promise<string>((resolve, reject) => {
      this.log(`building the extension (npx wxt build, ${variant})...`);
      const child = spawn('npx', ['wxt', 'build'], {
        cwd: this.root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          ...(opts.pageMarks ? { ANTIGRAVITY_PAGE_MARKS: '1', ANTIGRAVITY_OUT_DIR: outDir } : {}),
        },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(path.join(this.root, outDir, 'chrome-mv3'));
        else reject(new Error(`wxt build exited with ${code}:\n${output.slice(-4000)}`));
      });
    });
    this.extensions.set(variant, built);
    return built;
  }

  async dispose(): Promise<void> {
    const c = this.context ?? (await this.launching?.catch(() => undefined));
    this.context = undefined;
    await c?.close().catch(() => undefined);
    for (const server of this.servers.values()) {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
