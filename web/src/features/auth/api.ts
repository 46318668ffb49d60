import type { z } from 'zod';
import type { LoginInput, Me } from '../../../../src/contracts/index.js';
import { ApiError, api } from '../../shared/api-client.js';

/** The signed-in user, or null when there is no session. */
export async function fetchSession(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Signs in and answers the new session's user. */
export const login = (input: z.input<typeof LoginInput>) => api.post<Me>('/auth/login', input);
/** Ends the session. */
export const logout = () => api.post<void>('/auth/logout');
