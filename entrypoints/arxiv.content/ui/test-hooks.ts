/**
 * What the page may see of Antigravity (issue 18, finding 2): nothing of the reader's corpus. In a
 * production build, shadow roots are closed (a page script gets `null` for `host.shadowRoot`) and
 * no `<html data-antigravity-*>` attribute says what was drawn or read. Test builds
 * (`npm run build:test`, and the unit tests) keep open roots and these marks, which the e2e tests
 * and the benchmark wait for; `tests/e2e/privacy.test.ts` checks the production build.
 */
declare const __AG_TEST_HOOKS__: boolean | undefined;

export const TEST_HOOKS: boolean = typeof __AG_TEST_HOOKS__ !== 'undefined' && !!__AG_TEST_HOOKS__;

/** Shadow root mode of every host drawn on pages. */
export const SHADOW_MODE: ShadowRootMode = TEST_HOOKS ? 'open' : 'closed';

/** Sets `<html data-NAME>` in test builds only (`name` in dataset form, e.g. `antigravityStrip`). */
export function markPage(name: string, value: string): void {
  if (TEST_HOOKS) document.documentElement.dataset[name] = value;
}
