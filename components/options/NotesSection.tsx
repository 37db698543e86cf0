import { saveSettings, type Settings } from '@/lib/settings';

export function NotesSection({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (s: Settings) => void;
}) {
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">Notes</h2>
      <div className="field">
        <label htmlFor="vault">Obsidian vault</label>
        <input
          id="vault"
          data-testid="obsidian-vault"
          value={settings.obsidianVault}
          placeholder="My vault (empty: Obsidian's current vault)"
          onChange={(e) => void saveSettings({ obsidianVault: e.target.value }).then(onSaved)}
        />
      </div>
      <div className="field">
        <label htmlFor="folder">Folder in the vault</label>
        <input
          id="folder"
          data-testid="obsidian-folder"
          value={settings.obsidianFolder}
          onChange={(e) => void saveSettings({ obsidianFolder: e.target.value }).then(onSaved)}
        />
      </div>
    </section>
  );
}
