import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOrphans } from '../../../src/app/deliver-message.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

describe('the orphan sweep', () => {
  it('sends a message that was stored but never queued (a crash between commit and enqueue)', async () => {
    const { store } = t.rt.deps;
    const ws = (await store.workspaces.first())!;
    const contact = await store.contacts.create(ws.id, { name: 'Yatim', phone: '+6281234500099' }, new Date());
    if ('conflict' in contact) throw new Error('fixture contact clashed');
    const past = new Date(Date.now() - 10 * 60_000);
    // Stored directly, as handleEvent's transaction does, but no job is sent for it.
    const [message] = await store.messages.insertMany([{
      workspaceId: ws.id, contactId: contact.id, channel: 'whatsapp', recipient: contact.phone, templateId: null, automationId: null,
      eventId: null, idempotencyKey: 'test:orphan-1', category: 'utility', body: 'Halo Yatim', params: ['Yatim'],
      whatsappTemplateName: 'halo', whatsappLanguage: 'id', status: 'queued', failureReason: null, scheduledAt: past,
    }], past);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await store.messages.getById(message!.id))!.status).toBe('queued');

    expect(await sweepOrphans(t.rt.deps, { graceMs: 60_000 })).toBeGreaterThanOrEqual(1);
    const sent = await eventually(async () => {
      const m = await store.messages.getById(message!.id);
      return m?.status === 'sent' ? m : undefined;
    }, 15_000, 'orphan sent');
    expect(sent.attempts).toBe(1);
    // A second sweep finds nothing to do: the message is not sent again.
    expect(await sweepOrphans(t.rt.deps, { graceMs: 60_000 })).toBe(0);
    const outbox = await store.sandbox.list(ws.id, 10);
    expect(outbox.filter((o) => o.messageId === message!.id)).toHaveLength(1);
  });
});
