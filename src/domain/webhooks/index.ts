export * from './events.js';
export * from './retry.js';
