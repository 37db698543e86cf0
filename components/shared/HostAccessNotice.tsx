import { useEffect, useState } from 'react';
import { missingOrigins, onPermissionsChanged, requestHostAccess } from '@/lib/permissions';
import './host-access-notice.css';

/** `https://arxiv.org/*` → `arxiv.org` */
function hostOf(origin: string): string {
  return origin.replace(/^[a-z*]+:\/\//, '').replace(/\/.*$/, '');
}

/**
 * Shown only while the browser withholds host access the extension needs (Firefox before 127
 * grants none at install; any reader may withdraw it): says what stops working and asks with a
 * button. Used by the options page and the welcome page.
 */
export function HostAccessNotice() {
  const [missing, setMissing] = useState<string[]>([]);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void missingOrigins().then((m) => {
        if (live) setMissing(m);
      });
    refresh();
    const stop = onPermissionsChanged(refresh);
    return () => {
      live = false;
      stop();
    };
  }, []);
  if (missing.length === 0) return null;
  const ask = () => {
    // First thing in the click: Firefox honours permissions.request only in a user gesture.
    void requestHostAccess(missing).then(async (ok) => {
      setRefused(!ok);
      setMissing(await missingOrigins());
    });
  };
  return (
    <section className="host-access" role="alert" data-testid="host-access-notice">
      <h2>Antigravity needs your permission to read arXiv</h2>
      <p>
        Your browser has not given Antigravity access to {missing.map(hostOf).join(', ')}. Until you
        allow it, arXiv pages show no related-work strip or badges and the panel cannot read the
        paper you are on{missing.some((o) => o.includes('anthropic')) ? ' or ask Claude' : ''}.
      </p>
      <button type="button" onClick={ask} data-testid="host-access-grant">
        Allow access
      </button>
      {refused && (
        <p className="host-access-refused" data-testid="host-access-refused">
          Access was not granted. You can allow it here at any time, or in your browser&apos;s
          add-on settings (Firefox: about:addons → Antigravity → Permissions).
        </p>
      )}
    </section>
  );
}
