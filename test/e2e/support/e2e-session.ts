import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, loginViaUi, newContext } from './browser.js';
import { startSapa, type SapaServer } from './sapa-server.js';

/** One e2e file's world: its own Sapa server, Chromium, browser context and page. */
export interface E2eSession {
  readonly sapa: SapaServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the context, the browser and the server, in that order. */
  close(): Promise<void>;
}

export interface E2eSessionOptions {
  /** Sign in as ADMIN through the login page (default true); false leaves the page blank. */
  login?: boolean;
  /** Browser permissions granted for the server's origin before the page opens, e.g. clipboard-read. */
  permissions?: string[];
  /** Extra environment for the server (e.g. WHATSAPP_* pointing at the local Cloud API). */
  env?: Record<string, string>;
}

/** Starts a fresh server and browser page for one test file (call it in beforeAll, close it in afterAll). */
export async function openE2eSession(options: E2eSessionOptions = {}): Promise<E2eSession> {
  const sapa = await startSapa(options.env);
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await browser?.close();
    await sapa.stop();
  };
  // A failure half-way must not leave a server or Chromium behind: afterAll never sees the session.
  try {
    browser = await launchChromium();
    context = await newContext(browser, sapa.url);
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: sapa.url });
    const page = await context.newPage();
    if (options.login ?? true) await loginViaUi(page);
    return { sapa, browser, context, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
