import { useEffect, useState } from 'react';
import { getSettings, type Settings } from '@/lib/settings';
import { ApiSection } from '../options/ApiSection';
import { FieldsPicker, type Period } from './FieldsPicker';
import { BuildCorpus } from './BuildCorpus';
import '../options/options.css';

/**
 * The page opened at install: 1) the API key (the options page's section, Test connection
 * included), 2) the reader's fields and period, 3) a corpus built from them by a background
 * harvest (estimate first; the page may be closed while it runs).
 */
export function WelcomeApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [period, setPeriod] = useState<Period>('12');
  useEffect(() => {
    void getSettings().then(setSettings);
  }, []);
  if (!settings) return <main className="options" aria-busy="true" />;
  return (
    <main className="options" data-testid="welcome">
      <h1>
        <img src="/icon/48.png" alt="" width={28} height={28} /> Welcome to Antigravity
      </h1>
      <p className="hint">
        Three steps to grounded answers on every arXiv page, with related papers from your own
        fields. Everything stays in this browser.
      </p>
      <h2>1. Your Anthropic API key</h2>
      <ApiSection settings={settings} onSaved={setSettings} />
      <FieldsPicker value={fields} onChange={setFields} period={period} onPeriod={setPeriod} />
      <BuildCorpus categories={fields} period={period} />
    </main>
  );
}
