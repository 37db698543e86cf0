/**
 * Background jobs (imports, harvests, restores): the runner in the DOM context, how jobs are
 * shown, and the job records and input files they are stored as.
 */
export { cancelActiveJob, startJob } from './runner';
export { broadcastJob, jobTitle, showJobOnBadge } from './publish';
export {
  deleteJobInput,
  getCurrentJob,
  getJobInput,
  putJobInput,
  saveJob,
  updateJob,
} from './job-store';
