/**
 * Retry policy for sends (architecture.md: a pure exhaustive switch in domain/).
 * Exponential backoff with "equal jitter": half the step is fixed so retries never
 * bunch up at zero, half is random so a burst of failures spreads out.
 */

/** How a failed send should be treated; channel adapters classify, this module decides. */
export type FailureClass = 'rate_limited' | 'transient' | 'permanent';

export type RetryDecision = { readonly kind: 'retry'; readonly delayMs: number } | { readonly kind: 'fail' };

export const RETRY_POLICY = {
  baseMs: 2_000,
  factor: 2,
  capMs: 15 * 60_000,
  /** Total attempts including the first; the 8th failure is final. */
  maxAttempts: 8,
  /** Rate limits start one doubling later: the provider asked us to slow down. */
  rateLimitedExtraSteps: 1,
} as const;

export interface RetryInput {
  readonly failureClass: FailureClass;
  /** Attempts made so far, >= 1. */
  readonly attempt: number;
  /** The provider's Retry-After, honoured as a minimum delay. */
  readonly retryAfterMs?: number;
  /** Uniform in [0, 1), from the caller (domain has no randomness of its own). */
  readonly random: number;
}

function backoff(step: number, random: number, retryAfterMs: number | undefined): number {
  const exp = Math.min(RETRY_POLICY.capMs, RETRY_POLICY.baseMs * RETRY_POLICY.factor ** Math.max(0, step));
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0.5;
  const jittered = Math.round(exp / 2 + (r * exp) / 2);
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0;
  return Math.max(jittered, floor);
}

/** Whether to try a failed send again and after how long. */
export function decideRetry(input: RetryInput): RetryDecision {
  const attempt = Number.isFinite(input.attempt) ? Math.max(1, Math.floor(input.attempt)) : RETRY_POLICY.maxAttempts;
  if (attempt >= RETRY_POLICY.maxAttempts && input.failureClass !== 'permanent') return { kind: 'fail' };
  switch (input.failureClass) {
    case 'permanent':
      return { kind: 'fail' };
    case 'transient':
      return { kind: 'retry', delayMs: backoff(attempt - 1, input.random, input.retryAfterMs) };
    case 'rate_limited':
      return { kind: 'retry', delayMs: backoff(attempt - 1 + RETRY_POLICY.rateLimitedExtraSteps, input.random, input.retryAfterMs) };
    default: {
      const unreachable: never = input.failureClass;
      throw new Error(`unknown failure class ${String(unreachable)}`);
    }
  }
}

/**
 * WhatsApp Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes)
 * that mean "slow down": 4 app call limit, 80007 WABA rate limit, 130429 throughput,
 * 131048 spam rate limit, 131056 pair (same recipient) rate limit, 613 call-rate limit.
 */
const WHATSAPP_RATE_LIMITED = new Set([4, 613, 80007, 130429, 131048, 131056]);
/**
 * Codes that mean "try again later": 1 unknown, 2 service unavailable, 131000 something
 * went wrong, 131016 service overloaded, 131057 account in maintenance, 133004 server
 * temporarily unavailable.
 */
const WHATSAPP_TRANSIENT = new Set([1, 2, 131000, 131016, 131057, 133004]);

/**
 * Classifies a WhatsApp Cloud API failure. Known Meta codes decide first; otherwise
 * HTTP 429 is rate_limited, 5xx, 408 and 0 (no response: network) are transient, and
 * everything else (bad number, 24-hour window, template rejected, auth) is permanent.
 */
export function classifyWhatsAppError(httpStatus: number, errorCode?: number): FailureClass {
  if (errorCode !== undefined) {
    if (WHATSAPP_RATE_LIMITED.has(errorCode)) return 'rate_limited';
    if (WHATSAPP_TRANSIENT.has(errorCode)) return 'transient';
  }
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus >= 500 || httpStatus === 408 || httpStatus === 0) return 'transient';
  return 'permanent';
}

/**
 * Twilio error codes (twilio.com/docs/api/errors) that mean "slow down": 20429 too many requests,
 * 14107 the account's SMS rate limit.
 */
const TWILIO_RATE_LIMITED = new Set([20429, 14107]);
/** Twilio codes that mean "try again later": 20500 internal error, 20503 service unavailable, 30001 queue overflow. */
const TWILIO_TRANSIENT = new Set([20500, 20503, 30001]);

/**
 * Classifies a failure of a Twilio-compatible Messages API. Known codes decide first; otherwise
 * 429 is rate_limited, 5xx, 408 and 0 (network) transient, and every other answer permanent:
 * 400 (21211 invalid To, 21614 not a mobile number, 21610 unsubscribed recipient, …) will not
 * change by asking again, and 401/403 is an account problem a person must fix.
 */
export function classifySmsError(httpStatus: number, errorCode?: number): FailureClass {
  if (errorCode !== undefined) {
    if (TWILIO_RATE_LIMITED.has(errorCode)) return 'rate_limited';
    if (TWILIO_TRANSIENT.has(errorCode)) return 'transient';
  }
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus >= 500 || httpStatus === 408 || httpStatus === 0) return 'transient';
  return 'permanent';
}
