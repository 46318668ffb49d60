/**
 * Edge cases: no inbound message; exactly 24 h (closed) and just under (open); a future
 * timestamp (clock skew) is open; invalid dates are closed. Opt-out: STOP / BERHENTI in
 * any case, trimmed, trailing punctuation; other words, sentences and empty text are not.
 */
import { describe, expect, it } from 'vitest';
import { isOptOutKeyword, isWindowOpen } from './conversation.js';

const now = new Date('2026-11-23T09:00:00+07:00');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const HOUR = 3_600_000;

describe('isWindowOpen', () => {
  it('is closed without any inbound message', () => {
    expect(isWindowOpen(null, now)).toBe(false);
  });
  it('is open just under 24 hours and closed at 24 hours', () => {
    expect(isWindowOpen(ago(24 * HOUR - 1), now)).toBe(true);
    expect(isWindowOpen(ago(24 * HOUR), now)).toBe(false);
    expect(isWindowOpen(ago(30 * HOUR), now)).toBe(false);
  });
  it('treats a slightly future inbound time as open', () => {
    expect(isWindowOpen(ago(-60_000), now)).toBe(true);
  });
  it('treats an invalid date as closed', () => {
    expect(isWindowOpen(new Date(Number.NaN), now)).toBe(false);
  });
});

describe('isOptOutKeyword', () => {
  it.each(['STOP', 'stop', ' Stop ', 'BERHENTI', 'berhenti.', 'Stop!', 'STOP!!', 'berhenti ?', 'stop\n'])('%j opts out', (text) => {
    expect(isOptOutKeyword(text)).toBe(true);
  });
  it.each(['', 'STOP PROMO', 'jangan stop', 'stopp', 'berhentikan', 'S T O P', '.stop'])('%j does not', (text) => {
    expect(isOptOutKeyword(text)).toBe(false);
  });
});
