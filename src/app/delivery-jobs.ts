/** How messages become delivery jobs: one place for every path that queues them (intake, retries, the sweep, deferrals). */
import { deliveryPriority } from '../domain/index.js';
import type { TemplateCategory } from '../domain/vocabulary.js';
import type { DeliverJob } from './engine.port.js';

/** Largest number of ids a delivery job carries. */
export const JOB_SIZE = 100;

/** Jobs of at most JOB_SIZE messages sharing a send time and priority (from the message's category). */
export function deliverJobs(messages: readonly { id: string; scheduledAt: Date; category: TemplateCategory }[]): DeliverJob[] {
  const groups = new Map<string, { startAfter: Date; priority: number; ids: string[] }>();
  for (const m of messages) {
    const priority = deliveryPriority(m.category);
    const key = `${m.scheduledAt.getTime()}:${priority}`;
    const g = groups.get(key);
    if (g) g.ids.push(m.id);
    else groups.set(key, { startAfter: m.scheduledAt, priority, ids: [m.id] });
  }
  const jobs: DeliverJob[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += JOB_SIZE) jobs.push({ messageIds: g.ids.slice(i, i + JOB_SIZE), startAfter: g.startAfter, priority: g.priority });
  }
  return jobs;
}
