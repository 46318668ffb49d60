// `sapa reset-password EMAIL` as a real process on the store under test: a lost owner password is
// replaced by a new one printed once, the old one and the owner's sessions stop working, and the
// reset is in the audit log as done from the command line. Each run starts a process and opens the
// store (PGlite ~3 s), so these tests get more time than the suite's default.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, sessionInfo } from '../../../src/app/auth.js';
import { LoginThrottle } from '../../../src/app/login-throttle.js';
import { loadConfig } from '../../../src/config/env.js';
import { bootstrap, openRuntime, type Runtime } from '../../../src/main/runtime.js';
import { createTestLocation, REPO_ROOT } from '../../support/sapa-process.js';

const OWNER = { email: 'pemilik@toko.test', password: 'lupa-sandi-lama-1' };
let location: Awaited<ReturnType<typeof createTestLocation>>;

const open = (): Promise<Runtime> => openRuntime(loadConfig({
  ...location.env, SAPA_ADMIN_EMAIL: OWNER.email, SAPA_ADMIN_PASSWORD: OWNER.password, SAPA_SEED_DEMO: 'false', SAPA_LOG_LEVEL: 'silent', SAPA_RUN_WORKER: 'false',
}));

function sapa(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _drop, ...inherited } = process.env;
  const child = spawn(process.execPath, ['bin/sapa.mjs', ...args], { cwd: REPO_ROOT, env: { ...inherited, SAPA_LOG_LEVEL: 'silent', ...location.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => { location = await createTestLocation(); });
afterAll(async () => { await location?.drop(); });

describe('sapa reset-password EMAIL', () => {
  it('sets a new password printed once; the old password and the owner\'s sessions stop working', async () => {
    const throttle = new LoginThrottle();
    let rt = await open();
    let token: string;
    try {
      await bootstrap(rt);
      token = (await login({ ...rt.deps, throttle }, { ...OWNER, address: '127.0.0.1' })).token;
    } finally {
      await rt.close();
    }

    const run = await sapa('reset-password', 'Pemilik@Toko.test');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = /New password for pemilik@toko\.test \(owner\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{12,}$/);

    rt = await open();
    try {
      expect(await sessionInfo(rt.deps, token)).toBeNull();
      await expect(login({ ...rt.deps, throttle }, { ...OWNER, address: '127.0.0.1' })).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
      const { user } = await login({ ...rt.deps, throttle }, { email: OWNER.email, password: password!, address: '127.0.0.1' });
      const { items } = await rt.deps.store.audit.list(user.workspaceId, { limit: 5, action: 'member.password_reset' });
      expect(items[0]).toMatchObject({ actor: 'command line', via: 'cli', targetId: user.id, address: null });
    } finally {
      await rt.close();
    }
  }, 90_000);

  it('says so when no account has the email, and how to call it without one', async () => {
    const unknown = await sapa('reset-password', 'siapa@toko.test');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account with email siapa@toko.test');
    const missing = await sapa('reset-password');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: sapa reset-password EMAIL');
  }, 60_000);
});
