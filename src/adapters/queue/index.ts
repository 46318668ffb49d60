/** The job queue adapter: the JobQueue port and its pg-boss implementation. */
export type { ExecuteSql, Job, JobData, JobHandler, JobQueue, QueuePolicy, QueueSettings, SendOptions, WorkOptions } from './job-queue.js';
export { createQueue, type CreateQueueOptions } from './pg-boss-queue.js';
