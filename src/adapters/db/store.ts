/** The Store port over one drizzle database: every repository, and transactions that hand out the same set bound to the transaction. */
import type { Repos, Store } from '../../app/ports.js';
import { accountRepos } from './account.repo.js';
import type { Db, DbOrTx } from './client.js';
import { contactRepo } from './contact.repo.js';
import { messageRepo } from './message.repo.js';
import { eventRepo, inboundRepo, orderRepo, sandboxRepo } from './order-event.repo.js';
import { automationRepo, templateRepo } from './template.repo.js';

function reposOver(db: DbOrTx): Repos {
  return {
    ...accountRepos(db),
    templates: templateRepo(db),
    automations: automationRepo(db),
    contacts: contactRepo(db),
    orders: orderRepo(db),
    events: eventRepo(db),
    messages: messageRepo(db),
    inbound: inboundRepo(db),
    sandbox: sandboxRepo(db),
  };
}

/** Builds the Store for a database. */
export function createRepoStore(db: Db): Store {
  return {
    ...reposOver(db),
    transaction: (work) => db.transaction((tx) => work(reposOver(tx))),
  };
}
