export * from './common.js';
export * from './auth.js';
export * from './triggers.js';
export * from './templates.js';
export * from './automations.js';
export * from './contacts.js';
export * from './events.js';
export * from './messages.js';
