import { useEffect, useState } from 'react';
import { getSettings, type Settings } from '@/lib/settings';
import { ApiSection } from './ApiSection';
import { FeaturesSection } from './FeaturesSection';
import { RetrievalSection } from './RetrievalSection';
import { NotesSection } from './NotesSection';
import { CorpusSection } from './CorpusSection';
import { BackupSection } from './BackupSection';
import { SentSection } from './SentSection';
import { HostAccessNotice } from '../shared/HostAccessNotice';
import './options.css';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [corpusTick, setCorpusTick] = useState(0);
  useEffect(() => {
    void getSettings().then(setSettings);
  }, []);
  if (!settings) return <main className="options" aria-busy="true" />;
  return (
    <main className="options">
      <h1>
        <img src="/icon/48.png" alt="" width={28} height={28} /> Antigravity settings
      </h1>
      <HostAccessNotice />
      <ApiSection settings={settings} onSaved={setSettings} />
      <CorpusSection key={corpusTick} />
      <FeaturesSection settings={settings} onSaved={setSettings} />
      <RetrievalSection settings={settings} onSaved={setSettings} />
      <NotesSection settings={settings} onSaved={setSettings} />
      <BackupSection onChanged={() => setCorpusTick((t) => t + 1)} />
      <SentSection />
    </main>
  );
}
