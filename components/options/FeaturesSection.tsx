import { saveSettings, type FeatureToggles, type Settings } from '@/lib/settings';

const LABELS: Record<keyof FeatureToggles, string> = {
  absStrip: '“Related in your corpus” strip on abstract pages',
  listingBadges: 'Badges on listing and search pages',
  htmlBadges: 'Badges on references in HTML full text',
  selectionButton: '“Ask Antigravity” button on selected text',
  saveOpenedPapers: 'Add the papers I open to my corpus',
};

export function FeaturesSection({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (s: Settings) => void;
}) {
  const toggle = async (k: keyof FeatureToggles, v: boolean) => {
    onSaved(await saveSettings({ features: { ...settings.features, [k]: v } }));
  };
  return (
    <section aria-labelledby="features-h">
      <h2 id="features-h">On arXiv pages</h2>
      {(Object.keys(LABELS) as (keyof FeatureToggles)[]).map((k) => (
        <label key={k} className="check">
          <input
            type="checkbox"
            data-testid={`feature-${k}`}
            checked={settings.features[k]}
            onChange={(e) => void toggle(k, e.target.checked)}
          />
          {LABELS[k]}
        </label>
      ))}
      <div className="field">
        <label htmlFor="max-sources">Sources per answer</label>
        <input
          id="max-sources"
          type="number"
          min={1}
          max={20}
          value={settings.maxSources}
          onChange={(e) => void saveSettings({ maxSources: Number(e.target.value) }).then(onSaved)}
        />
      </div>
    </section>
  );
}
