// Label bounding and scrape-time failures of the prom-client adapter.
import { describe, expect, it } from 'vitest';
import { MAX_LABEL_VALUES, reasonToken, token } from './labels.js';
import { createPromMetrics } from './prom-metrics.js';

describe('reasonToken', () => {
  it('keeps the leading code of a failure reason, never its free text', () => {
    expect(reasonToken(null)).toBe('none');
    expect(reasonToken('  ')).toBe('none');
    expect(reasonToken('opted_out')).toBe('opted_out');
    expect(reasonToken('missing_value: documentnumber (order.trackingNumber)')).toBe('missing_value');
    expect(reasonToken('no_recipient: contact has no phone')).toBe('no_recipient');
    expect(reasonToken('whatsapp:131026')).toBe('whatsapp:131026');
    expect(reasonToken('HTTP_503')).toBe('http_503');
  });

  it('reduces anything else to a short safe token', () => {
    expect(token('a"b\n{c}')).toBe('a_b__c_');
    expect(token('x'.repeat(100))).toHaveLength(48);
    expect(token('')).toBe('unknown');
  });
});

describe('createPromMetrics', () => {
  it('counts outcomes under bounded labels and caps distinct values at MAX_LABEL_VALUES', async () => {
    const m = createPromMetrics();
    m.messageOutcome('whatsapp', 'failed', 'missing_value: documentnumber (order.trackingNumber)');
    m.messageOutcome('whatsapp', 'sent', null);
    for (let i = 0; i < MAX_LABEL_VALUES + 5; i++) m.eventRefused(`code_${i}`);
    m.sendLatency('whatsapp', 0.2);
    m.rateLimitWait('1234567890', 1.5);
    const { contentType, body } = await m.text();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('sapa_messages_total{channel="whatsapp",status="failed",reason="missing_value"} 1');
    expect(body).toContain('sapa_messages_total{channel="whatsapp",status="sent",reason="none"} 1');
    expect(body).toContain('sapa_events_refused_total{code="other"} 5');
    expect(body).toContain('sapa_send_duration_seconds_count{channel="whatsapp"} 1');
    expect(body).toContain('sapa_rate_limit_waits_total{sender="1234567890"} 1');
    expect(body).toContain('sapa_rate_limit_wait_seconds_sum{sender="1234567890"} 1.5');
  });

  it('reads the due queue once per scrape; a failing read still answers, with the queue gauges unknown (NaN)', async () => {
    let reads = 0;
    const errors: string[] = [];
    let fail = false;
    const m = createPromMetrics({
      dueQueue: async () => {
        reads++;
        if (fail) throw new Error('db down');
        return { depth: 7, oldestAgeSeconds: 12.5 };
      },
      pools: () => [{ pool: 'api', total: 3, idle: 2, waiting: 0 }, { pool: 'embedded', total: 1, idle: null, waiting: null }],
      onCollectError: (source) => errors.push(source),
    });
    const ok = (await m.text()).body;
    expect(reads).toBe(1);
    expect(ok).toMatch(/^sapa_queue_depth 7$/m);
    expect(ok).toMatch(/^sapa_queue_oldest_due_age_seconds 12.5$/m);
    expect(ok).toContain('sapa_db_pool_connections{pool="api"} 3');
    expect(ok).toContain('sapa_db_pool_idle_connections{pool="api"} 2');
    expect(ok).not.toContain('sapa_db_pool_idle_connections{pool="embedded"}');

    fail = true;
    const failed = (await m.text()).body;
    expect(errors).toEqual(['due_queue']);
    expect(failed).toMatch(/^sapa_queue_depth nan$/im);
    expect(failed).toMatch(/^sapa_queue_oldest_due_age_seconds nan$/im);
    // the error counter was read in parallel with the failing query: it shows from the next scrape
    fail = false;
    expect((await m.text()).body).toContain('sapa_metrics_collect_errors_total{source="due_queue"} 1');
  });
});
