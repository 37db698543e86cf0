/**
 * One capped request to arXiv: a time limit and a size limit, read as a stream so an oversized
 * body is dropped as soon as it passes the limit. Failures become a `FetchFailure` with a
 * one-line reason ("arXiv has no HTML version of this paper", "HTTP 429: arXiv is rate
 * limiting", "took longer than 20 s", "larger than 30 MB").
 */
export interface CapOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  /** What is fetched, for the reasons: "the HTML version", "the PDF". */
  what: string;
}

export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchFailure';
  }
}

export interface Fetched {
  bytes: Uint8Array;
  contentType: string;
  /** Final URL after redirects (empty when the fetch does not say). */
  url: string;
}

const mb = (n: number) => `${Math.round(n / 1e6)} MB`;

export async function fetchCapped(url: string, o: CapOptions): Promise<Fetched> {
  const ac = new AbortController();
  let timedOut = false;
  let expire: () => void = () => undefined;
  // Rejects at the deadline even when a fetch ignores its abort signal.
  const deadline = new Promise<never>((_, reject) => {
    expire = () => reject(late());
  });
  deadline.catch(() => undefined);
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
    expire();
  }, o.timeoutMs);
  function late() {
    return new FetchFailure(
      `${o.what} took longer than ${Math.round(o.timeoutMs / 1000)} s to arrive`,
    );
  }
  try {
    let res: Response;
    try {
      res = await Promise.race([
        o.fetch(url, { signal: ac.signal, credentials: 'omit' }),
        deadline,
      ]);
    } catch (e) {
      if (timedOut) throw late();
      throw new FetchFailure(
        `${o.what} could not be fetched (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    if (!res.ok) {
      void res.body?.cancel().catch(() => undefined);
      const s = res.status;
      const why =
        s === 404
          ? `arXiv has no ${o.what.replace(/^the /, '')} for this paper (HTTP 404)`
          : s === 429
            ? `arXiv is rate limiting requests (HTTP 429)`
            : s === 403
              ? `arXiv refused the request (HTTP 403)`
              : `arXiv answered HTTP ${s} for ${o.what}`;
      throw new FetchFailure(why, s);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      void res.body?.cancel().catch(() => undefined);
      throw new FetchFailure(`${o.what} is larger than ${mb(o.maxBytes)} (${mb(declared)})`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await Promise.race([reader.read(), deadline]);
          if (done) break;
          total += value.byteLength;
          if (total > o.maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw new FetchFailure(`${o.what} is larger than ${mb(o.maxBytes)}`);
          }
          chunks.push(value);
        }
      } else {
        const buf = new Uint8Array(await res.arrayBuffer());
        if (buf.byteLength > o.maxBytes)
          throw new FetchFailure(`${o.what} is larger than ${mb(o.maxBytes)}`);
        chunks.push(buf);
        total = buf.byteLength;
      }
    } catch (e) {
      if (e instanceof FetchFailure) throw e;
      if (timedOut) throw late();
      throw new FetchFailure(
        `${o.what} broke off while arriving (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { bytes, contentType: res.headers.get('content-type') ?? '', url: res.url ?? '' };
  } finally {
    clearTimeout(timer);
  }
}

/** Bytes as base64 (messages between extension contexts are JSON: no binary). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    s += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
