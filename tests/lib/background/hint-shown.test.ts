import { describe, expect, it } from 'vitest';
import { registerMessageHandlers } from '@/lib/background/handlers';
import { sendRequest } from '@/lib/messaging';
import { getSettings, saveSettings } from '@/lib/settings';

describe('settings/hint-shown', () => {
  it('remembers that the one-time empty-corpus hint was shown, and changes nothing else', async () => {
    registerMessageHandlers();
    await saveSettings({ apiKey: 'sk-ant-keep-me', maxSources: 5 });
    expect((await sendRequest('settings/public', {})).badgeHintShown).toBe(false);
    await expect(sendRequest('settings/hint-shown', {})).resolves.toEqual({ ok: true });
    const s = await getSettings();
    expect(s.badgeHintShown).toBe(true);
    expect(s.apiKey).toBe('sk-ant-keep-me');
    expect(s.maxSources).toBe(5);
    expect((await sendRequest('settings/public', {})).badgeHintShown).toBe(true);
  });

  it('takes no arguments: anything else is refused as malformed', async () => {
    registerMessageHandlers();
    await expect(
      sendRequest('settings/hint-shown', { badgeHintShown: false } as never),
    ).rejects.toThrow(/Malformed/);
    expect((await getSettings()).badgeHintShown).toBe(false);
  });
});
