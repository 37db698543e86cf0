import type { Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';

/** Export buttons of one answer (filled in by the export feature). */
export function ExportBar(_props: { turn: Turn; paper: Paper | null }) {
  return null;
}
