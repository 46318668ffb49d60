import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import { login } from '../../../src/app/auth.js';
import { LoginThrottle } from '../../../src/app/login-throttle.js';
import { bootstrap, openRuntime } from '../../../src/main/runtime.js';
import { openTestStore } from '../../support/test-store.js';

describe('first start', () => {
  it('creates the owner with a generated password shown once, and the demo workspace; a second start creates nothing', async () => {
    const db = await openTestStore();
    const rt = await openRuntime(loadConfig({ SAPA_DATA_DIR: db.config.dataDir, SAPA_SEED_DEMO: 'true', SAPA_LOG_LEVEL: 'silent' }), { db });
    try {
      const first = await bootstrap(rt);
      expect(first.created).toBe(true);
      expect(first.email).toBe('owner@sapa.local');
      expect(first.password).toMatch(/^[A-Za-z0-9_-]{12,}$/);
      const { user } = await login({ ...rt.deps, throttle: new LoginThrottle() }, { email: first.email, password: first.password!, address: '127.0.0.1' });
      expect(user.role).toBe('owner');

      const templates = await rt.deps.store.templates.list(user.workspaceId);
      expect(templates.map((t) => t.code)).toContain('Terima Kasih Pembelian');
      const automations = await rt.deps.store.automations.list(user.workspaceId);
      expect(automations.map((a) => a.trigger).sort()).toEqual(['contact.created', 'order.created', 'order.delivery', 'order.paid']);

      const second = await bootstrap(rt);
      expect(second.created).toBe(false);
      expect(second.password).toBeUndefined();
      expect(await rt.deps.store.users.count()).toBe(1);
      expect(await rt.deps.store.templates.list(user.workspaceId)).toHaveLength(templates.length);
    } finally {
      await rt.close();
    }
  });
});
