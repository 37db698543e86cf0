import { browser } from 'wxt/browser';
import { AgException } from '../errors';

/**
 * Where the API key may go. A base URL is parsed (never prefix-tested): https, or plain http only
 * on the loopback host (a local proxy), and no user info (`https://api.anthropic.com@evil.example`
 * is evil.example). The key leaves only for the origin of the *saved* base URL, and only while the
 * browser grants the extension that origin (the options page asks before it saves a new one).
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origin of a usable API base URL, or null (not a URL, another scheme, user info, http off loopback). */
export function apiOrigin(baseUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  if (u.protocol === 'https:') return u.origin;
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return u.origin;
  return null;
}

/** The match pattern for an origin's host permission (ports are not part of match patterns). */
export function originPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Whether the browser grants the extension this origin (manifest or granted at runtime). */
export async function hasHostPermission(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(origin)] });
  } catch {
    return false;
  }
}

/**
 * Throws unless `target` has the same origin as the saved base URL and that origin is granted.
 * Call it before anything that sends the key.
 */
export async function assertKeyDestination(
  target: string,
  savedBaseUrl: string,
  hasPermission: (origin: string) => Promise<boolean> = hasHostPermission,
): Promise<string> {
  const origin = apiOrigin(target);
  const saved = apiOrigin(savedBaseUrl);
  if (!origin) {
    throw new AgException({
      code: 'bad_request',
      message: `"${target}" is not a usable API address: it must be https (plain http only for localhost), without a user name or password.`,
      action: 'Correct the API base URL.',
    });
  }
  if (origin !== saved) {
    throw new AgException({
      code: 'forbidden',
      message: `${origin} is not the saved API base URL, so your key was not sent there.`,
      action: 'Save the new base URL first (the browser asks for permission), then test it.',
    });
  }
  if (!(await hasPermission(origin))) {
    throw new AgException({
      code: 'forbidden',
      message: `Antigravity has no permission to reach ${origin}, so your key was not sent there.`,
      action: 'Save the base URL again in the options and allow access when the browser asks.',
    });
  }
  return origin;
}
