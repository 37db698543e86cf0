import { useCallback, useEffect, useState } from 'react';
import { clearSentRecords, listSentRecords, MAX_SENT_RECORDS, type SentRecord } from '@/lib/db';
import { SentRecordView } from './SentRecordView';

/** "What was sent": per answer, what left the machine for the API (newest first). */
export function SentSection() {
  const [records, setRecords] = useState<SentRecord[] | null>(null);
  const load = useCallback(() => {
    void listSentRecords().then(setRecords, () => setRecords([]));
  }, []);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="sent-h" data-testid="sent-section">
      <h2 id="sent-h">What was sent</h2>
      <p className="hint">
        Each answer&apos;s request as it left your browser: the address, the model, your question,
        which parts of the paper and which sources it carried, and the token counts. The last{' '}
        {MAX_SENT_RECORDS} answers are kept; the API key is never recorded.
      </p>
      {records === null ? null : records.length === 0 ? (
        <p data-testid="sent-empty">Nothing has been sent yet.</p>
      ) : (
        <>
          {records.map((r) => (
            <SentRecordView key={r.turnId} rec={r} />
          ))}
          <button type="button" onClick={() => void clearSentRecords().then(load)}>
            Clear this log
          </button>
        </>
      )}
    </section>
  );
}
