import { describe, expect, it } from 'vitest';
import { parseMailbox } from '../../contracts/email-channel.js';
import { classify, domainOf, sessionGate, smtpOptions } from './email.channel.js';

describe('classify: SMTP failures as outcomes', () => {
  it('550 to RCPT TO is permanent and rejects the address; other 5xx are permanent without it', () => {
    expect(classify({ responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user', code: 'EENVELOPE' }))
      .toMatchObject({ ok: false, reason: 'smtp:550', failureClass: 'permanent', addressRejected: true });
    const policy = classify({ responseCode: 554, command: 'DATA', response: '554 5.7.1 rejected as spam', code: 'EMESSAGE' });
    expect(policy).toMatchObject({ reason: 'smtp:554', failureClass: 'permanent' });
    expect(policy).not.toHaveProperty('addressRejected');
    expect(classify({ responseCode: 552, command: 'DATA', response: '552 5.1.10 recipient address has null MX' })).toMatchObject({ addressRejected: true });
  });
  it('4xx is transient and surely not sent', () => {
    const r = classify({ responseCode: 421, command: 'MAIL FROM', response: '421 4.3.2 try later', code: 'EENVELOPE' });
    expect(r).toMatchObject({ reason: 'smtp:421', failureClass: 'transient' });
    expect(r).not.toHaveProperty('outcomeUnknown');
  });
  it('no reply: transient; the outcome is unknown unless the failure is known to come before DATA', () => {
    expect(classify({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' })).toMatchObject({ reason: 'smtp:etimedout', failureClass: 'transient', outcomeUnknown: true });
    expect(classify({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' })).toMatchObject({ outcomeUnknown: true });
    expect(classify({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).not.toHaveProperty('outcomeUnknown');
    expect(classify({ code: 'EAUTH', responseCode: undefined, message: 'Invalid login' })).not.toHaveProperty('outcomeUnknown');
    expect(classify(undefined)).toMatchObject({ ok: false, failureClass: 'transient' });
  });
});

describe('addresses and URLs', () => {
  it('takes the Message-ID domain from the sender', () => {
    expect(domainOf('"Toko" <halo@Toko.Test>')).toBe('toko.test');
    expect(domainOf('halo@toko.test')).toBe('toko.test');
    expect(domainOf('nobody')).toBe('localhost');
  });
  it('reads smtp and smtps URLs with percent-encoded credentials, pooled', () => {
    expect(smtpOptions('smtps://u%40x:p%3Aw@mail.toko.test')).toMatchObject({ pool: true, host: 'mail.toko.test', port: 465, secure: true, auth: { user: 'u@x', pass: 'p:w' } });
    expect(smtpOptions('smtp://mail.toko.test')).toMatchObject({ port: 587, secure: false });
    expect(() => smtpOptions('http://mail.toko.test')).toThrow();
  });
  it('parses a From as a name and an address, refusing header injection', () => {
    expect(parseMailbox('Toko Budi <halo@toko.test>')).toEqual({ name: 'Toko Budi', address: 'halo@toko.test' });
    expect(parseMailbox('"Toko, Budi" <halo@toko.test>')).toEqual({ name: 'Toko, Budi', address: 'halo@toko.test' });
    expect(parseMailbox('halo@toko.test')).toEqual({ name: '', address: 'halo@toko.test' });
    expect(parseMailbox('x\r\nBcc: a@b.test <halo@toko.test>')).toBeNull();
    expect(parseMailbox('<nope>')).toBeNull();
  });
});

describe('sessionGate: permits for the pooled SMTP sessions', () => {
  const settled = async <T>(p: Promise<T>) => {
    let done = false;
    void p.then(() => { done = true; });
    await new Promise((r) => setImmediate(r));
    return done;
  };

  it('opens one session at first, so a cold pool does not handshake five sessions at once', async () => {
    const gate = sessionGate(5);
    const first = await gate.acquire();
    expect(await settled(gate.acquire())).toBe(false);
    first();
  });

  it('opens one more per accepted send, never more than the pool', async () => {
    const gate = sessionGate(3);
    const held = [await gate.acquire()];
    for (let i = 0; i < 5; i++) gate.grow();
    held.push(await gate.acquire(), await gate.acquire());
    expect(await settled(gate.acquire())).toBe(false);
    expect(held).toHaveLength(3);
  });

  it('a released permit (a send that missed its slot, or finished) goes to the next waiter, once', async () => {
    const gate = sessionGate(2);
    const a = await gate.acquire();
    const waiter = gate.acquire();
    const second = gate.acquire();
    a();
    a(); // twice: still one permit back
    expect(await settled(waiter)).toBe(true);
    expect(await settled(second)).toBe(false);
  });
});
