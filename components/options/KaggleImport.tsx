import { useEffect, useState } from 'react';
import { estimateKaggleImport, parseCategoryList, type ImportEstimate } from '@/lib/corpus';
import { deleteJobInput, putJobInput } from '@/lib/jobs';
import { agError, type AgError } from '@/lib/errors';
import type { JobRecord, JobSpec } from '@/lib/jobs/schema';
import { JobView } from '../shared/JobView';
import { formatBytes } from './display-format';

export const KAGGLE_URL = 'https://www.kaggle.com/datasets/Cornell-University/arxiv';

/**
 * Import of Kaggle's arXiv snapshot: the reader picks the file and categories, sees an estimate
 * (papers, storage, warnings) read from the file's start, and starts a job that runs in the
 * background. The file goes to the job through the job input store (lib/jobs/README.md).
 */
export function KaggleImport({
  job,
  start,
  cancel,
}: {
  job: JobRecord | null;
  start: (spec: JobSpec) => Promise<AgError | null>;
  cancel: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [cats, setCats] = useState('');
  const [primaryOnly, setPrimaryOnly] = useState(false);
  const [estimated, setEstimated] = useState<{ key: string; e: ImportEstimate } | null>(null);
  const key = file ? `${file.name}:${file.size}:${file.lastModified}|${cats}|${primaryOnly}` : '';
  const estimate = estimated && estimated.key === key ? estimated.e : null;
  const [problem, setProblem] = useState<AgError | null>(null);
  const [handing, setHanding] = useState(false);
  /** When the reader last chose a file: an import that ended before that is not shown any more. */
  const [pickedAt, setPickedAt] = useState(0);
  const busy = job?.status === 'running' || handing;

  useEffect(() => {
    if (!file) return;
    let live = true;
    const t = setTimeout(() => {
      void estimateKaggleImport(file, { categories: parseCategoryList(cats), primaryOnly }).then(
        (e) => live && setEstimated({ key, e }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [file, cats, primaryOnly, key]);

  const begin = async () => {
    if (!file) return;
    setProblem(null);
    // The quota, before anything is written.
    const est = estimate;
    const room = await navigator.storage
      ?.estimate?.()
      .then((e) => (e.quota !== undefined ? e.quota - (e.usage ?? 0) : null))
      .catch(() => null);
    if (est && !est.error && room !== null && room !== undefined && est.estimatedBytes > room) {
      setProblem(
        agError(
          'quota_exceeded',
          `The browser's quota will not hold this: about ${est.estimatedPapers.toLocaleString('en-US')} papers need about ${formatBytes(est.estimatedBytes)}, and ${formatBytes(room)} is left. Nothing was imported.`,
          'Choose fewer categories (or “primary category only”), or free disk space, then try again.',
        ),
      );
      return;
    }
    setHanding(true);
    try {
      const inputId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      await putJobInput(inputId, file);
      const refused = await start({
        kind: 'kaggle-import',
        inputId,
        fileName: file.name,
        fileSize: file.size,
        categories: parseCategoryList(cats),
        primaryOnly,
      });
      if (refused) {
        await deleteJobInput(inputId).catch(() => undefined);
        setProblem(refused);
      }
    } catch {
      setProblem(
        agError(
          'bad_input',
          'The file could not be handed to the background (the browser refused to store it).',
          'Free some disk space, or choose the file again.',
        ),
      );
    } finally {
      setHanding(false);
    }
  };

  const shown = problem;
  return (
    <>
      <h3>Import the arXiv snapshot</h3>
      <p className="hint">
        Download Kaggle’s arXiv data set at{' '}
        <a href={KAGGLE_URL} target="_blank" rel="noreferrer">
          {KAGGLE_URL.replace('https://', '')}
        </a>{' '}
        (about 1.5 GB zipped, 4.5 GB of JSON, 2.8 million papers) and choose the <code>.zip</code>{' '}
        as it is, or <code>arxiv-metadata-oai-snapshot.json</code> (or a <code>.gz</code> of it).
        The file is streamed, never loaded whole; importing again adds nothing twice. The import
        runs in the background: you may close this page.
      </p>
      <div className="field">
        <label htmlFor="import-file">Snapshot file</label>
        <input
          id="import-file"
          data-testid="import-file"
          type="file"
          accept=".json,.jsonl,.gz,.zip,application/json,application/zip,application/gzip"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPickedAt(Date.now());
            setProblem(null);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="import-cats">Categories to keep</label>
        <input
          id="import-cats"
          data-testid="import-categories"
          placeholder="e.g. cs.CL cs.LG, or a prefix like cs. (empty: all)"
          value={cats}
          onChange={(e) => setCats(e.target.value)}
        />
      </div>
      <label className="row">
        <input
          type="checkbox"
          data-testid="import-primary-only"
          checked={primaryOnly}
          onChange={(e) => setPrimaryOnly(e.target.checked)}
        />
        Primary category only (leave out papers only cross-listed there)
      </label>
      {estimate && (
        <div className="hint" data-testid="import-estimate">
          {estimate.error ? (
            <p className="status error">
              {estimate.error.message} {estimate.error.action}
            </p>
          ) : (
            <p>
              {estimate.complete ? '' : 'About '}
              {estimate.estimatedPapers.toLocaleString('en-US')} papers to keep, about{' '}
              {formatBytes(estimate.estimatedBytes)} of storage
              {estimate.complete ? '' : ` (from the first ${formatBytes(estimate.bytesRead)})`}.
            </p>
          )}
          {estimate.warnings.map((w) => (
            <p key={w} className="status warn" data-testid="import-estimate-warning">
              {w}
            </p>
          ))}
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="import-start"
          disabled={!file || busy}
          onClick={() => void begin()}
        >
          {handing ? 'Handing the file to the background…' : 'Import'}
        </button>
      </div>
      {shown && (
        <p className="status error" role="alert" data-testid="import-error">
          {shown.message} {shown.action}
        </p>
      )}
      {job?.spec.kind === 'kaggle-import' &&
        !shown &&
        (job.status === 'running' || job.createdAt >= pickedAt) && (
          <JobView job={job} prefix="import" onCancel={cancel} />
        )}
    </>
  );
}
