import { describe, expect, it } from 'vitest';
import { isHardBounce, parseDeliveryStatus } from './delivery-status.js';

// RFC 3464 §6 example shape, as Postfix writes it.
const POSTFIX = [
  'Reporting-MTA: dns; mail.toko.test',
  'X-Postfix-Queue-ID: 4F3A21C0',
  'Arrival-Date: Mon,  7 Dec 2026 09:00:00 +0700 (WIB)',
  '',
  'Final-Recipient: rfc822; Budi@Example.com',
  'Original-Recipient: rfc822;budi@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 550 5.1.1 <budi@example.com>: Recipient address',
  '    rejected: User unknown',
  '',
].join('\r\n');

describe('parseDeliveryStatus', () => {
  it('reads each recipient group, skipping the per-message one, unfolding long lines', () => {
    expect(parseDeliveryStatus(POSTFIX)).toEqual([{
      recipient: 'budi@example.com', action: 'failed', status: '5.1.1',
      diagnostic: '550 5.1.1 <budi@example.com>: Recipient address rejected: User unknown',
    }]);
  });
  it('keeps several recipients apart and tolerates a missing address type and angle brackets', () => {
    const text = 'Reporting-MTA: dns; x\n\nFinal-Recipient: <a@x.test>\nAction: delayed\nStatus: 4.4.1\n\nFinal-Recipient: rfc822; b@x.test\nAction: Failed\nStatus: 5.2.2 (mailbox full)\n';
    const r = parseDeliveryStatus(text);
    expect(r.map((x) => [x.recipient, x.action, x.status])).toEqual([['a@x.test', 'delayed', '4.4.1'], ['b@x.test', 'failed', '5.2.2']]);
  });
  it('answers nothing for text that is not a DSN, and null for a recipient that is not an address', () => {
    expect(parseDeliveryStatus('hello\n\nworld')).toEqual([]);
    expect(parseDeliveryStatus('Final-Recipient: rfc822; nobody\nAction: failed\nStatus: 5.1.1')[0]!.recipient).toBeNull();
  });
});

describe('isHardBounce', () => {
  const r = { recipient: 'a@x.test', action: 'failed', status: '5.1.1', diagnostic: null };
  it('is a failed action with a permanent (5.x.x) status only', () => {
    expect(isHardBounce(r)).toBe(true);
    expect(isHardBounce({ ...r, status: '4.2.2' })).toBe(false);
    expect(isHardBounce({ ...r, action: 'delayed' })).toBe(false);
    expect(isHardBounce({ ...r, status: '' })).toBe(false);
  });
});
