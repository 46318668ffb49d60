import type { Repos } from '../../app/ports.js';
import { apiKeyRepo, sessionRepo, userRepo, workspaceRepo } from './account.repo.js';
import type { DbOrTx } from './client.js';

/** The account-side repositories over one database or transaction. */
export function accountRepos(db: DbOrTx): Pick<Repos, 'workspaces' | 'users' | 'sessions' | 'apiKeys'> {
  return { workspaces: workspaceRepo(db), users: userRepo(db), sessions: sessionRepo(db), apiKeys: apiKeyRepo(db) };
}
