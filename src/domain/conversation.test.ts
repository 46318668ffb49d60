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

describe('opt-in keywords, auto-reply matching, business hours', () => {
  it('MULAI and START opt back in, alone and in any case; a sentence does not', async () => {
    const { isOptInKeyword } = await import('./conversation.js');
    expect(isOptInKeyword(' mulai! ')).toBe(true);
    expect(isOptInKeyword('Start')).toBe(true);
    expect(isOptInKeyword('mulai pesan')).toBe(false);
    expect(isOptInKeyword('')).toBe(false);
  });
  it('an auto-reply matches the whole message, any case, inner spaces collapsed, punctuation trimmed', async () => {
    const { matchAutoReply } = await import('./conversation.js');
    const replies = [{ keyword: 'JAM BUKA' }, { keyword: 'ongkir' }];
    expect(matchAutoReply('jam   buka?', replies)).toEqual({ keyword: 'JAM BUKA' });
    expect(matchAutoReply('ONGKIR!', replies)).toEqual({ keyword: 'ongkir' });
    expect(matchAutoReply('ongkir ke bogor berapa?', replies)).toBeNull();
    expect(matchAutoReply(null, replies)).toBeNull();
    expect(matchAutoReply('   ', replies)).toBeNull();
  });
  it('business hours: inside on a listed weekday in the zone, outside at the end minute or on another day', async () => {
    const { isWithinBusinessHours } = await import('./conversation.js');
    const hours = { days: [1, 2, 3, 4, 5] as const, start: '08:00', end: '17:00' };
    // 2026-11-23 is a Monday.
    expect(isWithinBusinessHours(new Date('2026-11-23T08:00:00+07:00'), hours, 'Asia/Jakarta')).toBe(true);
    expect(isWithinBusinessHours(new Date('2026-11-23T16:59:00+07:00'), hours, 'Asia/Jakarta')).toBe(true);
    expect(isWithinBusinessHours(new Date('2026-11-23T17:00:00+07:00'), hours, 'Asia/Jakarta')).toBe(false);
    expect(isWithinBusinessHours(new Date('2026-11-23T07:59:00+07:00'), hours, 'Asia/Jakarta')).toBe(false);
    expect(isWithinBusinessHours(new Date('2026-11-22T10:00:00+07:00'), hours, 'Asia/Jakarta')).toBe(false);
    // 02:00 UTC Monday is 09:00 in Jakarta but still Sunday evening in New York.
    expect(isWithinBusinessHours(new Date('2026-11-23T02:00:00Z'), hours, 'Asia/Jakarta')).toBe(true);
    expect(isWithinBusinessHours(new Date('2026-11-23T02:00:00Z'), null, 'Asia/Jakarta')).toBe(true);
  });
  it('closed stretches: one from each closing to the next opening, days off included, dated by the closing', async () => {
    const { closedStretchOf } = await import('./conversation.js');
    const weekdays = { days: [1, 2, 3, 4, 5] as const, start: '08:00', end: '17:00' };
    const at = (iso: string) => closedStretchOf(new Date(iso), weekdays, 'Asia/Jakarta');
    // Monday 2026-11-23: open from 08:00 to 17:00.
    expect(at('2026-11-23T10:00:00+07:00')).toBeNull();
    // Monday evening and Tuesday before 08:00 are one stretch, begun at Monday's closing.
    expect(at('2026-11-23T17:00:00+07:00')).toBe('2026-11-23');
    expect(at('2026-11-23T23:59:00+07:00')).toBe('2026-11-23');
    expect(at('2026-11-24T00:01:00+07:00')).toBe('2026-11-23');
    expect(at('2026-11-24T07:59:00+07:00')).toBe('2026-11-23');
    // Friday's closing runs through the weekend to Monday 08:00.
    expect(at('2026-11-27T18:00:00+07:00')).toBe('2026-11-27');
    expect(at('2026-11-29T12:00:00+07:00')).toBe('2026-11-27');
    expect(at('2026-11-30T07:00:00+07:00')).toBe('2026-11-27');
    // 17:30 UTC on Monday is already Tuesday 00:30 in Jakarta: the zone's calendar counts.
    expect(at('2026-11-23T17:30:00Z')).toBe('2026-11-23');
    expect(at('2026-11-24T01:30:00Z')).toBeNull();
    // No business day at all: each local day its own stretch; no hours: never closed.
    expect(closedStretchOf(new Date('2026-11-23T10:00:00+07:00'), { days: [], start: '08:00', end: '17:00' }, 'Asia/Jakarta')).toBe('2026-11-23');
    expect(closedStretchOf(new Date('2026-11-23T10:00:00+07:00'), null, 'Asia/Jakarta')).toBeNull();
  });
});
