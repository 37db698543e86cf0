// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing';
import { HostAccessNotice } from '../../../components/shared/HostAccessNotice';

/**
 * WXT's fake browser implements no `permissions`: an in-memory one here, with what Firefox does:
 * `contains` true only when every origin is granted, `request` grants (or the reader refuses) and
 * fires onAdded, onRemoved when the reader withdraws access.
 */
const HOSTS = ['https://arxiv.org/*', 'https://export.arxiv.org/*', 'https://api.anthropic.com/*'];
let granted: Set<string>;
let refuse: boolean;
const added = new Set<() => void>();
const removed = new Set<() => void>();
const requests: string[][] = [];

beforeEach(() => {
  granted = new Set();
  refuse = false;
  requests.length = 0;
  added.clear();
  removed.clear();
  const p = fakeBrowser.permissions as unknown as Record<string, unknown>;
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Antigravity',
    version: '0.1.0',
    host_permissions: HOSTS,
  });
  p.contains = async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o));
  p.request = async ({ origins }: { origins: string[] }) => {
    requests.push(origins);
    if (refuse) return false;
    for (const o of origins) granted.add(o);
    for (const l of added) l();
    return true;
  };
  p.onAdded = {
    addListener: (l: () => void) => added.add(l),
    removeListener: (l: () => void) => added.delete(l),
  };
  p.onRemoved = {
    addListener: (l: () => void) => removed.add(l),
    removeListener: (l: () => void) => removed.delete(l),
  };
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

it('shows nothing while every needed host is granted', async () => {
  for (const h of HOSTS) granted.add(h);
  const { container } = render(<HostAccessNotice />);
  await act(async () => {});
  expect(container.innerHTML).toBe('');
});

it('names the withheld hosts, asks for exactly them with a button, and goes away when granted', async () => {
  granted.add('https://api.anthropic.com/*');
  render(<HostAccessNotice />);
  const notice = await screen.findByTestId('host-access-notice');
  expect(notice.textContent).toContain('arxiv.org, export.arxiv.org');
  expect(notice.textContent).not.toContain('api.anthropic.com');
  expect(notice.textContent).not.toContain('ask Claude');
  fireEvent.click(screen.getByTestId('host-access-grant'));
  await waitFor(() => expect(screen.queryByTestId('host-access-notice')).toBeNull());
  expect(requests).toEqual([['https://arxiv.org/*', 'https://export.arxiv.org/*']]);
});

it('says so when the reader refuses, and keeps the button', async () => {
  refuse = true;
  render(<HostAccessNotice />);
  fireEvent.click(await screen.findByTestId('host-access-grant'));
  expect((await screen.findByTestId('host-access-refused')).textContent).toContain('about:addons');
  expect(screen.getByTestId('host-access-grant')).toBeTruthy();
  expect(screen.getByTestId('host-access-notice').textContent).toContain('ask Claude');
});

it('appears when access is withdrawn while the page is open', async () => {
  for (const h of HOSTS) granted.add(h);
  render(<HostAccessNotice />);
  await act(async () => {});
  expect(screen.queryByTestId('host-access-notice')).toBeNull();
  granted.delete('https://arxiv.org/*');
  await act(async () => {
    for (const l of removed) l();
  });
  expect((await screen.findByTestId('host-access-notice')).textContent).toContain('arxiv.org');
});
