/**
 * Imported first by main.tsx. zod compiles object parsers with `new Function` unless told not to,
 * and probes for it even where a Content-Security-Policy forbids eval (Sapa's does): the probe fails
 * safely but every page load then reports CSP violations. The web app parses few, small values, so
 * the interpreted parser costs nothing noticeable; the server keeps the compiled one.
 */
import { z } from 'zod';

z.config({ jitless: true });
