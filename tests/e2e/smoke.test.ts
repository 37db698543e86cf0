import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  launchWithExtension,
  setSettings,
  tabIdOf,
  type ExtensionBrowser,
} from './support/browser';
import { routeArxiv } from './support/arxiv-server';
import { shotPath } from './support/screenshots';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

let b: ExtensionBrowser;
let api: FakeAnthropic;

beforeAll(async () => {
  api = await startFakeAnthropic();
  b = await launchWithExtension();
  await routeArxiv(b.context);
});
afterAll(async () => {
  await b?.close();
  await api?.close();
});

test('options page saves the key, model and base URL (masked key, validated)', async () => {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  await page.getByTestId('api-key-input').fill('sk-ant-test-key-1234');
  await page.getByTestId('model-select').selectOption('claude-haiku-5-5');
  await page.getByTestId('base-url-input').fill(api.url);
  await page.getByTestId('save-settings').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toContain('Saved');
  // After saving, the key shows masked, never in full.
  await expect.poll(() => page.getByTestId('api-key-input').inputValue()).toMatch(/^sk-ant-…1234$/);
  await page.getByTestId('test-connection').click();
  await expect
    .poll(() => page.getByTestId('settings-status').textContent(), { timeout: 15_000 })
    .toContain('key works');
  await page.close();
});

test('content script reads the abs page; the panel asks and streams an answer from the fake API through the SDK', async () => {
  const page = await b.context.newPage();
  await page.goto('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 15_000 });
  const tabId = await tabIdOf(b, page);

  const panel = await b.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await expect
    .poll(() => panel.getByTestId('paper-title').textContent())
    .toContain('Attention Is All You Need');

  const before = api.answerRequests().length;
  await panel.getByTestId('question-input').fill('What replaces recurrence in this model?');
  await panel.getByTestId('ask-button').click();
  await expect
    .poll(() => panel.getByTestId('answer-status').last().textContent(), { timeout: 30_000 })
    .toBe('done');

  const answer = panel.getByTestId('answer').last();
  expect((await answer.textContent())?.length ?? 0).toBeGreaterThan(50);
  const reqs = api.answerRequests().slice(before);
  expect(reqs).toHaveLength(1);
  // The real SDK sent it: its headers, the browser-access flag, streaming on.
  expect(reqs[0]!.headers['anthropic-version']).toBeTruthy();
  expect(reqs[0]!.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  expect(reqs[0]!.body.stream).toBe(true);
  expect(JSON.stringify(reqs[0]!.body)).toContain('Attention Is All You Need');
  await panel.screenshot({
    path: shotPath('panel-answer.png'),
    fullPage: true,
  });
  await panel.close();
  await page.close();
});

test('without an API key the panel still answers, retrieval-only, with a way to add a key', async () => {
  await setSettings(b, { apiKey: '' });
  const page = await b.context.newPage();
  await page.goto('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper]');
  const tabId = await tabIdOf(b, page);
  const panel = await b.context.newPage();
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await panel.getByTestId('new-thread').click();
  const before = api.messageRequests().length;
  await panel.getByTestId('question-input').fill('How is attention computed?');
  await panel.getByTestId('ask-button').click();
  await expect
    .poll(() => panel.getByTestId('answer-status').last().textContent(), { timeout: 20_000 })
    .toBe('done');
  expect(await panel.getByTestId('answer-meta').last().textContent()).toContain('Retrieval-only');
  expect(await panel.getByRole('button', { name: 'Add a key' }).count()).toBeGreaterThan(0);
  expect(api.messageRequests().length).toBe(before);
  await panel.close();
  await page.close();
});
