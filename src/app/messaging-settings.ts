/** A workspace's messaging settings: frequency cap, quiet hours and time zone (stored here, enforced by delivery). */
import { canonicalTimeZone, quietHoursProblems, type MessagingSettings } from '../domain/messaging-settings.js';
import { audit } from './audit.js';
import { AppError, found, type ErrorItem } from './errors.js';
import type { Deps } from './ports.js';
import type { Principal } from './records.js';

/** The workspace's settings. */
export async function readMessagingSettings(deps: Pick<Deps, 'store'>, principal: Principal): Promise<MessagingSettings> {
  return found(await deps.store.workspaces.messagingSettings(principal.workspaceId), 'Workspace');
}

/** Checks and saves the settings (the time zone in its canonical spelling); audited with before and after. */
export async function saveMessagingSettings(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: MessagingSettings): Promise<MessagingSettings> {
  const errors: ErrorItem[] = [];
  const timezone = canonicalTimeZone(input.timezone);
  if (timezone === null) errors.push({ field: 'timezone', reason: 'settings.unknown_timezone', message: 'Use an IANA time zone such as Asia/Jakarta' });
  if (input.quietHours) {
    for (const p of quietHoursProblems(input.quietHours)) errors.push({ field: `quietHours.${p.field}`, reason: p.reason });
  }
  if (errors.length > 0 || timezone === null) throw new AppError('settings.invalid', 'The messaging settings are not valid', errors);
  const settings: MessagingSettings = { ...input, timezone };
  return deps.store.transaction(async (tx) => {
    const before = found(await tx.workspaces.messagingSettings(principal.workspaceId), 'Workspace');
    await tx.workspaces.setMessagingSettings(principal.workspaceId, settings);
    await audit({ store: tx, clock: deps.clock }, principal, 'settings.messaging_changed', { type: 'workspace', id: principal.workspaceId }, { before, after: settings });
    return settings;
  });
}
