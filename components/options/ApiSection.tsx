import { useState } from 'react';
import { browser } from 'wxt/browser';
import {
  DEFAULT_BASE_URL,
  KNOWN_MODELS,
  maskKey,
  saveSettings,
  type Settings,
} from '@/lib/settings';
import { sendRequest, type ConnectionResult } from '@/lib/messaging';
import { apiOrigin, originPattern } from '@/lib/settings/api-origin';

/**
 * The host permission for an API base URL's origin (parsed, never prefix-tested), asked for before
 * the URL is saved, so the key never leaves for an origin the reader did not allow.
 */
async function ensureHostPermission(origin: string): Promise<boolean> {
  const origins = [originPattern(origin)];
  if (await browser.permissions.contains({ origins })) return true;
  return browser.permissions.request({ origins }).catch(() => false);
}

export function ApiSection({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (s: Settings) => void;
}) {
  const [keyDraft, setKeyDraft] = useState('');
  const [wantsEdit, setEditingKey] = useState(false);
  const editingKey = !settings.apiKey || wantsEdit;
  const [model, setModel] = useState(settings.model);
  const [baseUrl, setBaseUrl] = useState(settings.baseUrl);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(
    null,
  );
  const [models, setModels] = useState<string[]>(() => {
    const ids = KNOWN_MODELS.map((m) => m.id);
    return ids.includes(settings.model) ? ids : [...ids, settings.model];
  });

  const save = async () => {
    let url = baseUrl.trim() || DEFAULT_BASE_URL;
    const origin = apiOrigin(url);
    if (!origin) {
      setStatus({
        kind: 'error',
        text: 'The base URL must be a full https address, like https://api.anthropic.com (plain http only for localhost), without a user name or password.',
      });
      return;
    }
    url = new URL(url.trim()).toString().replace(/\/+$/, '');
    if (!(await ensureHostPermission(origin))) {
      setStatus({
        kind: 'error',
        text: `Antigravity needs permission to reach ${origin}. Save again and allow it.`,
      });
      return;
    }
    const patch: Partial<Settings> = { model: model.trim(), baseUrl: url };
    if (editingKey && keyDraft.trim()) patch.apiKey = keyDraft.trim();
    const next = await saveSettings(patch);
    setKeyDraft('');
    setEditingKey(false);
    onSaved(next);
    setStatus({ kind: 'ok', text: 'Saved.' });
  };

  const removeKey = async () => {
    onSaved(await saveSettings({ apiKey: '' }));
    setStatus({
      kind: 'ok',
      text: 'API key removed. Answers are retrieval-only until you add one.',
    });
  };

  const test = async () => {
    // The key goes only to the saved base URL (the worker checks it too): a typed, unsaved one
    // is saved first, with its permission request, by the Save button.
    const typed = apiOrigin(baseUrl.trim() || DEFAULT_BASE_URL);
    if (typed !== apiOrigin(settings.baseUrl)) {
      setStatus({
        kind: 'error',
        text: 'This base URL is not saved yet: press Save first (the browser asks for permission to reach it), then test. Your key was not sent.',
      });
      return;
    }
    setStatus({ kind: 'busy', text: 'Testing…' });
    let r: ConnectionResult;
    try {
      r = await sendRequest('settings/test-connection', {
        apiKey: editingKey && keyDraft.trim() ? keyDraft.trim() : undefined,
        baseUrl: baseUrl.trim() || undefined,
        model: model.trim() || undefined,
      });
    } catch (e) {
      r = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (r.models?.length) setModels((cur) => [...new Set([...r.models!, ...cur])]);
    setStatus({ kind: r.ok ? 'ok' : 'error', text: r.message });
  };

  return (
    <section aria-labelledby="api-h">
      <h2 id="api-h">Claude API</h2>
      <p className="hint">
        Your key stays in this browser (extension storage, never readable by web pages or the
        content script) and is sent only to the API base URL below.
      </p>
      <div className="field">
        <label htmlFor="api-key">API key</label>
        {editingKey ? (
          <div className="row">
            <input
              id="api-key"
              data-testid="api-key-input"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="sk-ant-…"
              value={keyDraft}
              onChange={(e) => setKeyDraft(e.target.value)}
            />
            {settings.apiKey && (
              <button type="button" onClick={() => setEditingKey(false)}>
                Cancel
              </button>
            )}
          </div>
        ) : (
          <div className="row">
            <input
              id="api-key"
              data-testid="api-key-input"
              type="password"
              readOnly
              value={maskKey(settings.apiKey)}
              aria-describedby="key-saved"
            />
            <span id="key-saved" className="hint">
              saved
            </span>
            <button type="button" onClick={() => setEditingKey(true)}>
              Replace
            </button>
            <button type="button" onClick={() => void removeKey()} data-testid="remove-key">
              Remove
            </button>
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="model">Model</label>
        <select
          id="model"
          data-testid="model-select"
          value={model}
          onChange={(e) => setModel(e.target.value)}
        >
          {models.map((id) => (
            <option key={id} value={id}>
              {KNOWN_MODELS.find((m) => m.id === id)?.label ?? id}
            </option>
          ))}
        </select>
        <p className="hint">
          The default is a current fast model. “Test connection” lists the models your key can use.
        </p>
      </div>
      <div className="field">
        <label htmlFor="base-url">API base URL</label>
        <input
          id="base-url"
          data-testid="base-url-input"
          type="url"
          value={baseUrl}
          spellCheck={false}
          onChange={(e) => setBaseUrl(e.target.value)}
        />
        <p className="hint">
          For a proxy or an Anthropic-compatible server. Default: {DEFAULT_BASE_URL}
        </p>
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="save-settings"
          onClick={() => void save()}
        >
          Save
        </button>
        <button type="button" data-testid="test-connection" onClick={() => void test()}>
          Test connection
        </button>
      </div>
      {status && (
        <p
          className={`status ${status.kind}`}
          role={status.kind === 'error' ? 'alert' : 'status'}
          data-testid="settings-status"
        >
          {status.text}
        </p>
      )}
    </section>
  );
}
