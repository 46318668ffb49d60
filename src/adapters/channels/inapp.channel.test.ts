/** The in-app channel: a send puts the message in the contact's inbox (our id as the provider's) and wakes this process's streams. */
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../app/channel.port.js';
import { createInAppChannel } from './inapp.channel.js';

const message = (to: string): OutboundMessage => ({ id: 'm-1', workspaceId: 'ws-1', channel: 'inapp', to, body: 'Halo', content: { channel: 'inapp' }, windowOpen: false });

describe('in-app channel', () => {
  it('succeeds with our id and notifies the contact’s streams', async () => {
    const notified: [string, string][] = [];
    const channel = createInAppChannel({ notify: (ws, c) => notified.push([ws, c]) });
    expect(channel).toMatchObject({ kind: 'inapp', transport: 'inapp', idempotent: true });
    expect(await channel.send(message('c-1'))).toEqual({ ok: true, providerMessageId: 'inapp-m-1' });
    expect(notified).toEqual([['ws-1', 'c-1']]);
  });

  it('fails for good a message without a contact (erased)', async () => {
    const notified: unknown[] = [];
    const result = await createInAppChannel({ notify: () => notified.push(1) }).send(message(''));
    expect(result).toMatchObject({ ok: false, reason: 'inapp:no_contact', failureClass: 'permanent' });
    expect(notified).toEqual([]);
  });
});
