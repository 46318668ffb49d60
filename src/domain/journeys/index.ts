/** Journeys: definitions, validation, the step machine and the recipes. */
export * from './definition.js';
export * from './validate.js';
export * from './machine.js';
export * from './recipes.js';
export * from './send-variants.js';
export * from './variables.js';
