/** API errors as values a caller can branch on: every 4xx/5xx of Sapa is an RFC 9457 problem document. */
import type { components } from './openapi.gen.js';

/** The problem document, typed from the API's own OpenAPI document (components.schemas.Problem). */
export type Problem = components['schemas']['Problem'];
/** One refused field of a problem (`errors[]`). */
export type ProblemItem = NonNullable<Problem['errors']>[number];

function isProblemBody(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.status === 'number' && typeof b.code === 'string' && typeof b.title === 'string';
}

/** Thrown by every client call whose answer is not 2xx. */
export class SapaProblem extends Error implements Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors: ProblemItem[];
  /** The HTTP answer (headers such as Retry-After; its body is already read). */
  readonly response: Response;

  constructor(problem: Problem, response: Response) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'SapaProblem';
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.code = problem.code;
    if (problem.instance !== undefined) this.instance = problem.instance;
    this.errors = problem.errors ?? [];
    this.response = response;
  }

  /** The refusal of one field, e.g. `problem.field('contact.phone')?.reason`. */
  field(name: string): ProblemItem | undefined {
    return this.errors.find((e) => e.field === name);
  }

  /**
   * The problem of a failed answer. A body that is not a problem document (a proxy's HTML page, an
   * empty 502) still becomes a SapaProblem, with code `http.<status>` and the text as detail.
   */
  static of(response: Response, body: unknown): SapaProblem {
    if (isProblemBody(body)) return new SapaProblem(body, response);
    const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
    return new SapaProblem({
      type: 'about:blank',
      title: response.statusText || 'Error',
      status: response.status,
      detail: text.slice(0, 500) || `HTTP ${response.status}`,
      code: `http.${response.status}`,
    }, response);
  }
}

/** Whether a caught value is an answer of Sapa (not a network failure or a bug). */
export function isSapaProblem(error: unknown): error is SapaProblem {
  return error instanceof SapaProblem;
}
