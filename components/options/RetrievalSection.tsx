import { useState } from 'react';
import { browser } from 'wxt/browser';
import { KNOWN_MODELS, saveSettings, type Settings } from '@/lib/settings';
import { SEMANTIC_SCHOLAR_ORIGIN } from '@/lib/retrieval';

/**
 * How sources are found (lib/retrieval/README.md): the retrieval model, the relevance threshold,
 * live search on arXiv, and Semantic Scholar (its host is asked for when turned on).
 */
export function RetrievalSection({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (s: Settings) => void;
}) {
  const [note, setNote] = useState('');
  const models = KNOWN_MODELS.some((m) => m.id === settings.retrievalModel)
    ? KNOWN_MODELS
    : [...KNOWN_MODELS, { id: settings.retrievalModel, label: settings.retrievalModel }];
  const save = async (patch: Partial<Settings>) => onSaved(await saveSettings(patch));
  const toggleS2 = async (on: boolean) => {
    setNote('');
    if (on) {
      // Asked in the click's own task (browsers require the user gesture).
      const granted = await browser.permissions
        .request({ origins: [SEMANTIC_SCHOLAR_ORIGIN] })
        .catch(() => false);
      if (!granted) {
        setNote('The browser did not allow access to api.semanticscholar.org: left off.');
        return;
      }
    }
    await save({ semanticScholar: on });
  };
  return (
    <section aria-labelledby="retrieval-h">
      <h2 id="retrieval-h">Finding sources</h2>
      <div className="field">
        <label htmlFor="retrieval-model">Retrieval model (plans searches, rates papers)</label>
        <select
          id="retrieval-model"
          value={settings.retrievalModel}
          onChange={(e) => void save({ retrievalModel: e.target.value })}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="relevance-threshold">Lowest relevance for a source (0-10)</label>
        <input
          id="relevance-threshold"
          type="number"
          min={0}
          max={10}
          value={settings.relevanceThreshold}
          onChange={(e) => void save({ relevanceThreshold: Number(e.target.value) })}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          data-testid="live-search"
          checked={settings.liveSearch}
          onChange={(e) => void save({ liveSearch: e.target.checked })}
        />
        Search arXiv when my corpus has fewer than 3 relevant papers (the search queries go to
        export.arxiv.org)
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="semantic-scholar"
          checked={settings.semanticScholar}
          onChange={(e) => void toggleS2(e.target.checked)}
        />
        Also search Semantic Scholar (the search queries go to api.semanticscholar.org)
      </label>
      {note && <p className="hint">{note}</p>}
    </section>
  );
}
