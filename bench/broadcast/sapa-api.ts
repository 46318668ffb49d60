/** The Sapa API calls bench:broadcast makes, as the owner (session cookie). */
import { SEGMENT_TAG } from './store-sql.js';

export interface BroadcastView {
  id: string;
  status: string;
  stats: { total: number; queued: number; sending: number; sent: number; failed: number; skipped: Record<string, number> };
}

export class SapaApi {
  private constructor(private readonly url: string, private readonly cookie: string) {}

  static async login(url: string, owner: { email: string; password: string }): Promise<SapaApi> {
    const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
    if (!res.ok) throw new Error(`login → ${res.status}: ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    if (!cookie) throw new Error('login set no cookie');
    return new SapaApi(url, cookie);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url + path, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Frequency cap off; quiet hours around now (Jakarta) when `quietNow`, so a marketing fan-out is written but deferred, else none. */
  async messagingSettings(quietNow: boolean): Promise<void> {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', hour12: false }).format(new Date())) % 24;
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    await this.call('PUT', '/api/v1/settings/messaging', {
      timezone: 'Asia/Jakarta',
      frequencyCap: { count: 0, days: 7 },
      quietHours: quietNow ? { start: hh(hour - 1), end: hh(hour + 3) } : null,
    });
  }

  /** A marketing WhatsApp template and a segment `tags contains promo`. */
  async templateAndSegment(): Promise<{ templateId: string; segmentId: string }> {
    const template = await this.call<{ id: string }>('POST', '/api/v1/templates', {
      code: 'Bench Promo Broadcast',
      message: 'Halo {contactname}, ada promo akhir pekan untuk Anda di toko kami. Balas STOP untuk berhenti.',
      category: 'marketing',
      whatsappName: 'bench_promo',
      whatsappLanguage: 'id',
    });
    const segment = await this.call<{ id: string }>('POST', '/api/v1/segments', {
      name: 'Bench promo', match: 'all', rules: [{ field: 'tags', op: 'contains', value: SEGMENT_TAG }],
    });
    return { templateId: template.id, segmentId: segment.id };
  }

  async draft(name: string, templateId: string, segmentId: string): Promise<string> {
    return (await this.call<{ id: string }>('POST', '/api/v1/broadcasts', { name, templateId, segmentId, channel: 'whatsapp' })).id;
  }

  send(id: string): Promise<BroadcastView> {
    return this.call<BroadcastView>('POST', `/api/v1/broadcasts/${id}/send`, {});
  }

  get(id: string): Promise<BroadcastView> {
    return this.call<BroadcastView>('GET', `/api/v1/broadcasts/${id}`);
  }

  async count(segmentId: string): Promise<number> {
    return (await this.call<{ count: number }>('GET', `/api/v1/segments/${segmentId}/count`)).count;
  }
}
