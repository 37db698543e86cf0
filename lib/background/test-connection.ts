import type { ConnectionResult } from '../messaging/protocol';
import { createClient } from '../answer/client';
import { mapAnthropicError } from '../answer/api-errors';
import { getSettings } from '../settings/index';
import { assertKeyDestination, hasHostPermission } from '../settings/api-origin';
import { toAgError } from '../errors';

/**
 * "Test connection" on the options page: lists the server's models with the key (a request that
 * costs nothing), and checks that the chosen model is among them. The key goes only to the saved
 * base URL's origin, and only while it is granted (lib/settings/api-origin.ts): a typed, unsaved
 * address gets nothing.
 */
export async function testConnection(
  override: { apiKey?: string; baseUrl?: string; model?: string },
  deps: { fetch?: typeof fetch; hasPermission?: (origin: string) => Promise<boolean> } = {},
): Promise<ConnectionResult> {
  const saved = await getSettings();
  const apiKey = override.apiKey ?? saved.apiKey;
  const baseURL = (override.baseUrl ?? saved.baseUrl).replace(/\/+$/, '');
  const model = override.model ?? saved.model;
  if (!apiKey) {
    return {
      ok: false,
      message: 'No API key yet: paste your Anthropic API key first.',
      error: {
        code: 'missing_key',
        message: 'No API key.',
        action: 'Paste a key from console.anthropic.com.',
      },
    };
  }
  try {
    await assertKeyDestination(baseURL, saved.baseUrl, deps.hasPermission ?? hasHostPermission);
  } catch (e) {
    const error = toAgError(e);
    return { ok: false, message: `${error.message} ${error.action ?? ''}`.trim(), error };
  }
  const client = createClient({ apiKey, baseUrl: baseURL }, deps.fetch, { timeoutMs: 20_000 });
  try {
    const models: string[] = [];
    for await (const m of client.models.list({ limit: 100 })) models.push(m.id);
    const known = models.includes(model);
    return {
      ok: true,
      message: known
        ? `Connected to ${baseURL}. The key works and ${model} is available.`
        : `Connected to ${baseURL}. The key works, but ${model} is not offered: choose one of the listed models.`,
      models,
    };
  } catch (e) {
    const error = mapAnthropicError(e, { model });
    return {
      ok: false,
      message: `${error.message}${error.action ? ` ${error.action}` : ''}`,
      error,
    };
  }
}
