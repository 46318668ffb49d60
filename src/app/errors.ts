/**
 * Expected failures of use cases, each with a stable code. http/errors.ts maps codes to
 * HTTP status and problem JSON; the web app maps the same codes to text.
 */
export interface ErrorItem {
  field: string;
  reason: string;
  message?: string;
  variable?: string;
  index?: number;
  length?: number;
  suggestion?: string;
  trigger?: string;
}

export const ERROR_CODES = [
  'validation',
  'not_found',
  'auth.required',
  'auth.invalid_credentials',
  'auth.forbidden',
  'auth.cross_site',
  'auth.throttled',
  'auth.busy',
  'auth.wrong_password',
  'members.last_owner',
  'members.email_taken',
  'members.invite_invalid',
  'template.invalid',
  'template.duplicate_code',
  'template.in_use',
  'template.whatsapp_format',
  'whatsapp.no_business_account',
  'whatsapp.template_exists',
  'whatsapp.meta_refused',
  'whatsapp.unreachable',
  'automation.variable_not_allowed',
  'automation.template_not_found',
  'automation.channels_invalid',
  'contact.invalid_phone',
  'contact.duplicate',
  'import.empty',
  'import.invalid_header',
  'import.unsupported_media_type',
  'import.too_large',
  'event.invalid',
  'segment.invalid',
  'journey.invalid',
  'journey.status_conflict',
  'segment.duplicate_name',
  'segment.in_use',
  'message.not_resendable',
  'message.fell_back',
  'message.cannot_resend',
  'channels.secret_key_missing',
  'channels.phone_number_in_use',
  'channels.sender_in_use',
  'email.bad_token',
  'email.bad_webhook_token',
  'channels.incomplete',
  'settings.invalid',
  'broadcast.invalid',
  'broadcast.not_draft',
  'broadcast.not_running',
  'ab_test.more_than_one_change',
  'conversation.invalid_assignee',
  'quick_message.opted_out',
  'quick_message.window_closed',
  'quick_message.missing_value',
  'quick_message.no_recipient',
  'push.invalid_token',
  'push.not_available',
  'push.endpoint_not_allowed',
  'quick_message.template_not_found',
  'whatsapp.template_not_approved',
  'auto_reply.invalid',
  'auto_reply.duplicate_keyword',
  'media.empty',
  'media.unsupported_type',
  'media.type_mismatch',
  'media.too_large',
  'whatsapp.app_id_missing',
  'contact_token.secret_key_missing',
  'contact_token.invalid',
  'contact_token.expired',
  'inapp.too_many_streams',
  'insights.invalid_range',
  'webhook.url_not_allowed',
  'webhook.secret_key_missing',
  'referral.invalid',
  'shop.duplicate_platform',
  'shop.invalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: readonly ErrorItem[] = [],
    /** For refusals that pass: when to try again (answered as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** Throws not_found unless the value is present; scoping by workspace makes another workspace's rows absent. */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new AppError('not_found', `${what} not found`);
  return value;
}

