// The sandbox channel records what would have been sent — for WhatsApp the Cloud API wire body —
// and never throws.
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../app/channel.port.js';
import { createSandboxChannel, type SandboxRecord } from './sandbox.channel.js';
import { buildWhatsAppRequest } from './whatsapp.channel.js';

type MessageOverrides = Partial<Omit<OutboundMessage, 'content'>> & { params?: string[]; template?: { name: string; language: string } | null };

/** A message; params and template build its WhatsApp content. */
function message({ params = ['Budi', '120'], template = { name: 'points_update', language: 'id' }, ...overrides }: MessageOverrides = {}): OutboundMessage {
  return {
    id: 'msg_9',
    workspaceId: 'ws_1',
    channel: 'whatsapp',
    to: '+6281234567890',
    body: 'Halo Budi, poin Anda 120.',
    content: { channel: 'whatsapp', params, template },
    windowOpen: false,
    ...overrides,
  };
}

function recorder() {
  const entries: SandboxRecord[] = [];
  return { entries, record: async (e: SandboxRecord) => { entries.push(e); } };
}

describe('sandbox channel', () => {
  it('records the WhatsApp template request exactly as the Cloud API would receive it', async () => {
    const r = recorder();
    const channel = createSandboxChannel({ record: r.record });

    const result = await channel.send(message());

    expect(channel).toMatchObject({ kind: 'whatsapp', transport: 'sandbox' });
    expect(result).toEqual({ ok: true, providerMessageId: 'sandbox-msg_9' });
    expect(r.entries).toEqual([{
      messageId: 'msg_9',
      workspaceId: 'ws_1',
      channel: 'whatsapp',
      recipient: '+6281234567890',
      body: 'Halo Budi, poin Anda 120.',
      payload: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '6281234567890',
        biz_opaque_callback_data: 'msg_9',
        type: 'template',
        template: {
          name: 'points_update',
          language: { code: 'id' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Budi' }, { type: 'text', text: '120' }] }],
        },
      },
    }]);
  });

  it('records free-form text inside the window, the same body the real channel builds', async () => {
    const r = recorder();
    const m = message({ windowOpen: true });

    await createSandboxChannel({ record: r.record }).send(m);

    const built = buildWhatsAppRequest(m);
    expect(built.ok && r.entries[0]!.payload).toEqual(built.ok && built.body);
    expect(r.entries[0]!.payload).toMatchObject({ type: 'text', text: { preview_url: false, body: 'Halo Budi, poin Anda 120.' } });
  });

  it('refuses what WhatsApp would refuse: no template outside the window', async () => {
    const r = recorder();

    const result = await createSandboxChannel({ record: r.record }).send(message({ template: null }));

    expect(result).toMatchObject({ ok: false, reason: 'whatsapp:no_template', failureClass: 'permanent' });
    expect(r.entries).toEqual([]);
  });

  it('records other kinds with recipient and body', async () => {
    const r = recorder();
    const channel = createSandboxChannel({ record: r.record, kind: 'email' });

    const result = await channel.send(message({ channel: 'email', to: 'budi@example.id', template: null }));

    expect(channel.kind).toBe('email');
    expect(result.ok).toBe(true);
    expect(r.entries[0]).toMatchObject({ channel: 'email', recipient: 'budi@example.id', payload: { to: 'budi@example.id', body: 'Halo Budi, poin Anda 120.' } });
  });

  it('turns a failing recorder into a transient failure instead of throwing', async () => {
    const channel = createSandboxChannel({ record: async () => { throw new Error('database is closed'); } });

    const result = await channel.send(message());

    expect(result).toEqual({ ok: false, reason: 'sandbox:record_failed', failureClass: 'transient', detail: 'database is closed' });
  });
});
