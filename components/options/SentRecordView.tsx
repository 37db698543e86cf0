import type { SentRecord } from '@/lib/db';
import { SentCallRow } from './SentCallRow';

/** What one answer sent: the question, the paper's parts, the sources, each request. */
export function SentRecordView({ rec }: { rec: SentRecord }) {
  const p = rec.paper;
  return (
    <details className="sent-record" data-testid="sent-record">
      <summary>
        {new Date(rec.at).toLocaleString()} · <q>{rec.question}</q>
      </summary>
      <dl>
        <dt>Question</dt>
        <dd data-testid="sent-question">{rec.question}</dd>
        <dt>Paper text</dt>
        <dd data-testid="sent-paper">
          arXiv:{p.id}
          {p.version ? `v${p.version}` : ''} ({p.title}): {p.chars.toLocaleString('en-US')}{' '}
          characters{p.textSource ? ` from ${p.textSource}` : ''} — {p.sections.join('; ')}
          {p.trimmed && <> (trimmed; left out: {p.omitted.join('; ') || 'the end'})</>}
        </dd>
        <dt>Sources ({rec.sources.length}), title and abstract each</dt>
        <dd>
          <ul data-testid="sent-sources">
            {rec.sources.map((s) => (
              <li key={s.id}>
                arXiv:{s.id} — {s.title}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Earlier turns of the thread sent along</dt>
        <dd>{rec.historyTurns}</dd>
        <dt>Requests</dt>
        <dd>
          <ul>
            {rec.calls.map((c, i) => (
              <SentCallRow key={i} call={c} />
            ))}
          </ul>
        </dd>
      </dl>
    </details>
  );
}
