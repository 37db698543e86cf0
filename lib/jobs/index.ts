/** Background jobs (imports, harvests): the runner in the DOM context and how jobs are shown. */
export { cancelActiveJob, startJob } from './runner';
export { broadcastJob, jobTitle, showJobOnBadge } from './publish';
