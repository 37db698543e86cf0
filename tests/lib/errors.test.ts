/** Storage failures in the reader's words (lib/errors.ts), as the browsers report them. */
import { describe, expect, it } from 'vitest';
import { isQuotaError, isStorageUnavailableError, toAgError } from '../../lib/errors';
import { unsavedNotice } from '../../lib/answer/stream';

/** What Chromium's IndexedDB throws on a full disk (seen in tests/e2e/failures.test.ts). */
const fullDisk = Object.assign(
  new Error('Internal error opening backing store for indexedDB.open.'),
  { name: 'UnknownError' },
);
/** The same, as Dexie wraps it. */
const wrapped = Object.assign(new Error('UnknownError Internal error opening backing store'), {
  name: 'OpenFailedError',
  inner: fullDisk,
});

describe('storage errors', () => {
  it('a full disk is "storage unavailable", not a quota error, and never raw browser text', () => {
    for (const e of [fullDisk, wrapped]) {
      expect(isQuotaError(e)).toBe(false);
      expect(isStorageUnavailableError(e)).toBe(true);
      const err = toAgError(e);
      expect(err.code).toBe('storage_unavailable');
      expect(`${err.message} ${err.action}`).not.toMatch(/UnknownError|backing store/);
      expect(err.action).toMatch(/Free disk space/);
    }
  });

  it('an answer that cannot be saved on a full disk says so in words', () => {
    const text = unsavedNotice(wrapped);
    expect(text).toMatch(/could not be saved: the browser could not open its storage/);
    expect(text).not.toMatch(/UnknownError|backing store/);
  });

  it('a quota error stays a quota error', () => {
    const q = Object.assign(new Error('The quota has been exceeded.'), {
      name: 'QuotaExceededError',
    });
    expect(toAgError(q).code).toBe('quota_exceeded');
    expect(unsavedNotice(q)).toMatch(/storage is full/);
  });
});
