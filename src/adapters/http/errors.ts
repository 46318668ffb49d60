/**
 * The one place error codes become HTTP: status, RFC 9457 problem JSON. Anything unexpected is a
 * 500 with a generic text (details go to the log, not to the client).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type ErrorItem } from '../../app/errors.js';

const STATUS: Record<ErrorCode, number> = {
  'validation': 400,
  'not_found': 404,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.cross_site': 403,
  'auth.throttled': 429,
  'auth.busy': 503,
  'auth.wrong_password': 422,
  'members.last_owner': 409,
  'members.email_taken': 409,
  'members.invite_invalid': 404,
  'template.invalid': 422,
  'referral.invalid': 422,
  'template.duplicate_code': 409,
  'template.in_use': 409,
  'template.whatsapp_format': 422,
  // Sandbox or no WABA id: nothing to submit to.
  'whatsapp.no_business_account': 409,
  'whatsapp.template_exists': 409,
  // Meta refused (its words in detail: fix the template or the token); Meta did not answer or failed itself.
  'whatsapp.meta_refused': 422,
  'whatsapp.unreachable': 502,
  'automation.variable_not_allowed': 422,
  'automation.template_not_found': 422,
  'automation.channels_invalid': 422,
  'contact.invalid_phone': 422,
  'contact.duplicate': 409,
  'import.empty': 422,
  'import.invalid_header': 422,
  'import.unsupported_media_type': 415,
  'import.too_large': 413,
  'event.invalid': 422,
  'segment.invalid': 422,
  // A journey's problems are the items, each with its domain code (domain/journeys/validate.ts) and step.
  'journey.invalid': 422,
  'journey.status_conflict': 409,
  'segment.duplicate_name': 409,
  'segment.in_use': 409,
  'message.not_resendable': 409,
  'message.fell_back': 409,
  'message.cannot_resend': 422,
  'channels.secret_key_missing': 409,
  'channels.phone_number_in_use': 409,
  'channels.sender_in_use': 409,
  'email.bad_token': 404,
  'email.bad_webhook_token': 401,
  'push.invalid_token': 403,
  'push.not_available': 404,
  'push.endpoint_not_allowed': 422,
  'channels.incomplete': 422,
  'settings.invalid': 422,
  'insights.invalid_range': 422,
  'webhook.url_not_allowed': 422,
  'webhook.secret_key_missing': 409,
  'broadcast.invalid': 422,
  'broadcast.not_draft': 409,
  'broadcast.not_running': 409,
  'ab_test.more_than_one_change': 422,
  'conversation.invalid_assignee': 422,
  'quick_message.opted_out': 422,
  'quick_message.window_closed': 422,
  'quick_message.missing_value': 422,
  'quick_message.no_recipient': 422,
  'quick_message.template_not_found': 422,
  // Outside the 24-hour window on a number that needs Meta's approval: the template is not approved.
  'whatsapp.template_not_approved': 422,
  'auto_reply.invalid': 422,
  'auto_reply.duplicate_keyword': 409,
  'media.empty': 422,
  'media.unsupported_type': 415,
  'media.type_mismatch': 415,
  'media.too_large': 413,
  // A media header's example goes through the Meta app's Resumable Upload API: its id is not set.
  'whatsapp.app_id_missing': 422,
  // Like channel secrets: a server on PostgreSQL without SAPA_SECRET_KEY has nothing to sign with.
  'contact_token.secret_key_missing': 409,
  'contact_token.invalid': 401,
  'contact_token.expired': 401,
  'inapp.too_many_streams': 429,
  'shop.duplicate_platform': 409,
  'shop.invalid': 422,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: ErrorItem[];
}

const ERROR_ITEM_PROPERTIES = {
  field: { type: 'string' as const, description: 'The field refused, as a dotted path (e.g. `contact.phone`), or `body`/`query`' },
  reason: { type: 'string' as const, description: 'Machine-readable reason (e.g. `required`, `text.nul`, `cursor.invalid`, a domain code)' },
  message: { type: 'string' as const },
  variable: { type: 'string' as const, description: 'The template variable concerned' },
  index: { type: 'integer' as const },
  length: { type: 'integer' as const },
  suggestion: { type: 'string' as const, description: 'A likely intended value (e.g. a misspelt variable)' },
  trigger: { type: 'string' as const },
} satisfies Record<keyof ErrorItem, object>;

/**
 * ProblemBody as JSON Schema, published as components.schemas.Problem in the OpenAPI document so
 * that generated clients type their errors from it. `satisfies` keeps it naming every field.
 */
export const PROBLEM_SCHEMA = {
  type: 'object' as const,
  description: 'An RFC 9457 problem document (application/problem+json): every 4xx and 5xx answer of the API.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' as const, description: 'A stable URI per code' },
    title: { type: 'string' as const },
    status: { type: 'integer' as const },
    detail: { type: 'string' as const },
    code: { type: 'string' as const, description: 'Stable error code, e.g. `validation`, `not_found`, `contact.invalid_phone`' },
    instance: { type: 'string' as const, description: 'The request path' },
    errors: { type: 'array' as const, items: { type: 'object' as const, required: ['field', 'reason'], properties: ERROR_ITEM_PROPERTIES } },
  } satisfies Record<keyof ProblemBody, object>,
};

/** Builds a problem document; `type` is a stable URI per code. */
export function problem(status: number, code: string, detail: string, errors?: readonly ErrorItem[], instance?: string): ProblemBody {
  return {
    type: `https://sapa.dev/problems/${code.replace(/\./g, '/')}`,
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
}

/** Sends a problem response, and notes its code on the request for the routes' counters. */
export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  reply.request.problemCode = body.code;
  return reply.code(body.status).type('application/problem+json').send(body);
}

function zodItems(err: FastifyError): { context: string; items: ErrorItem[] } {
  const context = (err as { validationContext?: string }).validationContext ?? 'body';
  const items = (err.validation ?? []).map((v) => {
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    // Contract checks name their own reason (contracts/common.ts: `text.nul`, `cursor.invalid`, …).
    const own = (v.params as { params?: { reason?: unknown } } | undefined)?.params?.reason;
    return { field: path || context, reason: typeof own === 'string' ? own : v.keyword ?? 'invalid', message: v.message ?? 'invalid value' };
  });
  return { context, items };
}

/** Fastify error handler: AppError by code, request validation as 400 (404 for a malformed id), framework errors by their status. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const instance = request.url.split('?')[0];
  if (err instanceof AppError) {
    if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
    return sendProblem(reply, problem(STATUS[err.code], err.code, err.detail, err.errors, instance));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const { context, items } = zodItems(err);
    if (context === 'params') return sendProblem(reply, problem(404, 'not_found', 'No such resource', undefined, instance));
    return sendProblem(reply, problem(400, 'validation', `The request ${context} is invalid`, items, instance));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, problem(413, 'request.too_large', 'The request body is larger than 1 MiB', undefined, instance));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, problem(415, 'request.unsupported_media_type', 'Send JSON (Content-Type: application/json)', undefined, instance));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(reply, problem(400, 'request.malformed', err.message, undefined, instance));
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && /JSON/i.test(err.message))) {
    return sendProblem(reply, problem(400, 'request.malformed_json', 'The body is not valid JSON', undefined, instance));
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return sendProblem(reply, problem(err.statusCode, 'request.invalid', err.message, undefined, instance));
  }
  request.log.error({ err }, 'unhandled error');
  return sendProblem(reply, problem(500, 'internal', 'Something went wrong on our side; it has been logged.', undefined, instance));
}

/** 404 for unknown API routes, as problem JSON. */
export function notFoundProblem(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`, undefined, request.url.split('?')[0]));
}
