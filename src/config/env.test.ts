import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('defaults to the embedded store, the sandbox and port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: '.sapa-data', whatsapp: null, seedDemo: true, runWorker: true });
    expect(c.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ PORT: 'abc', SAPA_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', SAPA_ADMIN_PASSWORD: 'short' });
    } catch (err) {
      expect(String((err as Error).message)).toMatch(/PORT/);
      expect(String((err as Error).message)).toMatch(/SAPA_ADMIN_PASSWORD/);
    }
  });

  it('refuses a reconciliation window not longer than the WhatsApp send timeout (a send still in flight would go twice)', () => {
    expect(() => loadConfig({ SAPA_RECONCILE_SECONDS: '15', WHATSAPP_TIMEOUT_SECONDS: '15' })).toThrow(/SAPA_RECONCILE_SECONDS \(15\) must be longer than WHATSAPP_TIMEOUT_SECONDS \(15\)/);
    expect(loadConfig({ SAPA_RECONCILE_SECONDS: '15', WHATSAPP_TIMEOUT_SECONDS: '10' }).whatsappApi.timeoutMs).toBe(10_000);
    expect(loadConfig({}).whatsappApi.timeoutMs).toBe(15_000);
  });

  it('refuses a half-configured WhatsApp instead of silently using the sandbox', () => {
    expect(() => loadConfig({ WHATSAPP_ACCESS_TOKEN: 'x' })).toThrow(/WHATSAPP_PHONE_NUMBER_ID/);
  });

  it('configures WhatsApp when all credentials are set; PostgreSQL turns demo seeding off', () => {
    const c = loadConfig({
      WHATSAPP_PHONE_NUMBER_ID: '1', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_API_BASE: 'http://127.0.0.1:9/', DATABASE_URL: 'postgres://u@h/db',
    });
    expect(c.whatsapp).toMatchObject({ apiBase: 'http://127.0.0.1:9', apiVersion: 'v21.0', phoneNumberId: '1' });
    expect(c.seedDemo).toBe(false);
  });
});

describe('loadConfig: channel secrets', () => {
  it('takes SAPA_SECRET_KEY as given and refuses one too short to be a passphrase', () => {
    expect(loadConfig({ SAPA_SECRET_KEY: 'a'.repeat(64) }).secretKey).toBe('a'.repeat(64));
    expect(loadConfig({}).secretKey).toBeUndefined();
    expect(() => loadConfig({ SAPA_SECRET_KEY: 'pendek' })).toThrow(/SAPA_SECRET_KEY/);
  });

  it('keeps the Cloud API endpoint even without a number (workspace accounts use it)', () => {
    expect(loadConfig({ WHATSAPP_API_BASE: 'http://127.0.0.1:9/' }).whatsappApi).toEqual({ base: 'http://127.0.0.1:9', version: 'v21.0', timeoutMs: 15_000 });
  });

  it('checks WHATSAPP_* with the rules of a saved account, naming the variable', () => {
    expect(() => loadConfig({
      WHATSAPP_PHONE_NUMBER_ID: 'nomor-saya', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v',
    })).toThrow(/WHATSAPP_PHONE_NUMBER_ID: digits only/);
  });

  it('takes the Meta app id (WHATSAPP_APP_ID) for media header uploads: optional, digits only', () => {
    const number = { WHATSAPP_PHONE_NUMBER_ID: '1', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v' };
    expect(loadConfig(number).whatsapp?.appId).toBeUndefined();
    expect(loadConfig({ ...number, WHATSAPP_APP_ID: '584544743160774' }).whatsapp?.appId).toBe('584544743160774');
    expect(() => loadConfig({ ...number, WHATSAPP_APP_ID: 'aplikasi' })).toThrow(/WHATSAPP_APP_ID: digits only/);
  });
});

describe('loadConfig: SAPA_TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ SAPA_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ SAPA_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes true or a list of proxy addresses and CIDRs', () => {
    expect(loadConfig({ SAPA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ SAPA_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy).toBe('loopback,10.0.0.0/8,fd00::/8');
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ SAPA_TRUST_PROXY: 'yes please' })).toThrow(/SAPA_TRUST_PROXY/);
    expect(() => loadConfig({ SAPA_TRUST_PROXY: '1' })).toThrow(/SAPA_TRUST_PROXY/);
  });
});

describe('loadConfig: email', () => {
  it('has no email without SMTP_URL and EMAIL_FROM (the sandbox)', () => {
    expect(loadConfig({}).email).toBeNull();
  });
  it('takes SMTP_URL with EMAIL_FROM as a name and address or a bare address', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.toko.test:587', EMAIL_FROM: 'Toko Budi <halo@toko.test>' }).email)
      .toEqual({ smtpUrl: 'smtp://u:p@mail.toko.test:587', from: '"Toko Budi" <halo@toko.test>' });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.toko.test', EMAIL_FROM: 'halo@toko.test' }).email!.from).toBe('halo@toko.test');
  });
  it('refuses half a configuration, a URL that is not SMTP and a From that is not an address, naming the variable', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.toko.test' })).toThrow(/EMAIL_FROM/);
    expect(() => loadConfig({ EMAIL_FROM: 'halo@toko.test' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'https://mail.toko.test', EMAIL_FROM: 'halo@toko.test' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.toko.test', EMAIL_FROM: 'Toko <nope>' })).toThrow(/EMAIL_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.toko.test', EMAIL_FROM: 'Evil\r\nBcc: x@y.z <a@b.test>' })).toThrow(/EMAIL_FROM/);
  });
  it('needs SAPA_SECRET_KEY for email on PostgreSQL (unsubscribe links are signed alike everywhere)', () => {
    const env = { SMTP_URL: 'smtp://mail.toko.test', EMAIL_FROM: 'halo@toko.test', DATABASE_URL: 'postgres://x@127.0.0.1/db' };
    expect(() => loadConfig(env)).toThrow(/SAPA_SECRET_KEY/);
    expect(loadConfig({ ...env, SAPA_SECRET_KEY: 'a-long-enough-passphrase' }).email).not.toBeNull();
  });
});

describe('SMS and web push configuration', () => {
  const load = loadConfig;
  it('reads SMS_* as the first workspace’s sender, and refuses half of it', () => {
    const c = load({ SMS_API_BASE: 'https://sms.example/', SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 'tok', SMS_FROM: '+6281100000000' });
    expect(c.sms).toEqual({ accountSid: 'AC1', authToken: 'tok', from: '+6281100000000' });
    expect(c.smsApi).toEqual({ base: 'https://sms.example', timeoutMs: 15_000 });
    expect(load({}).sms).toBeNull();
    expect(load({}).smsApi.base).toBe('https://api.twilio.com');
    expect(() => load({ SMS_ACCOUNT_SID: 'AC1' })).toThrow(/SMS_AUTH_TOKEN, SMS_FROM/);
    expect(() => load({ SAPA_RECONCILE_SECONDS: '20', SMS_TIMEOUT_SECONDS: '20' })).toThrow(/SMS_TIMEOUT_SECONDS \(20\)/);
    // Unset, the SMS timeout stays inside a short reconciliation window.
    expect(load({ SAPA_RECONCILE_SECONDS: '16', WHATSAPP_TIMEOUT_SECONDS: '10' }).smsApi.timeoutMs).toBe(15_000);
  });

  it('takes VAPID_SUBJECT as a mailto: or https: URI only', () => {
    expect(load({ VAPID_SUBJECT: 'mailto:halo@toko.example' }).vapidSubject).toBe('mailto:halo@toko.example');
    expect(load({}).vapidSubject).toBeUndefined();
    expect(() => load({ VAPID_SUBJECT: 'http://toko.example' })).toThrow(/VAPID_SUBJECT/);
    expect(load({}).pushEndpointHosts).toEqual(['fcm.googleapis.com', '.push.services.mozilla.com', '.push.apple.com', '.notify.windows.com']);
    expect(load({ SAPA_PUSH_ENDPOINT_HOSTS: ' Push.Example , .Other.Example ' }).pushEndpointHosts).toEqual(['push.example', '.other.example']);
  });
});
