import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { clearSecretsForTests } from '../lib/settings/secret-store';

/**
 * WXT's fake runtime.sendMessage hands listeners an empty sender. In a browser, a message from an
 * extension page carries the extension's id and the page's URL, and the worker trusts only that
 * (isTrustedSender): the fake gets the same sender as the side panel.
 */
const fromExtensionPage = async (...args: unknown[]) => {
  const message = args.length >= 2 && typeof args[0] === 'string' ? args[1] : args[0];
  const sender = {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/sidepanel.html'),
  };
  const replies = (await fakeBrowser.runtime.onMessage.trigger(message, sender)) as unknown[];
  return replies.find((r) => !!r);
};

beforeEach(async () => {
  fakeBrowser.reset();
  (fakeBrowser.runtime as { sendMessage: unknown }).sendMessage = fromExtensionPage;
  await clearSecretsForTests();
});
