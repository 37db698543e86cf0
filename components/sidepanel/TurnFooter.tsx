import type { Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { ExportBar } from './ExportBar';
import { formatUsage } from './turn-format';

/** A finished turn's cost and its exports (none when there is nothing to export). */
export function TurnFooter({
  turn,
  paper,
  exportable,
}: {
  turn: Turn;
  paper: Paper | null;
  exportable: boolean;
}) {
  const usage = formatUsage(turn);
  return (
    <footer className="turn-footer">
      {usage && (
        <span
          className="usage"
          data-testid="usage"
          title="Tokens in / out, cached input, and the estimated cost"
        >
          {usage}
        </span>
      )}
      {exportable && <ExportBar target={{ turn }} paper={paper} />}
    </footer>
  );
}
