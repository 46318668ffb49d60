/** Public API of Sapa's pure domain core. */
export * from './template/index.js';
export * from './triggers.js';
export { formatIndonesianList } from './indonesian-list.js';
export { missingValueReason, resolveEventVariables, sampleValues, type ResolvedVariables, type VariableEvent } from './event-variables.js';
export { RETRY_POLICY, classifyWhatsAppError, decideRetry, type FailureClass, type RetryDecision, type RetryInput } from './retry.js';
export { applyStatus, isTerminalStatus } from './message-status.js';
export * from './vocabulary.js';
export { normalizePhone, phoneSearch, type PhoneResult, type PhoneSearch } from './phone.js';
export { formatPhoneNational } from './phone-display.js';
export { explainFailure, failureCode, type FailureContext, type FailureExplanation, type Words } from './failure-reasons.js';
export { OPT_OUT_KEYWORDS, SERVICE_WINDOW_MS, isOptOutKeyword, isWindowOpen } from './conversation.js';
export * from './whatsapp-name.js';
export * from './message-content.js';
export * from './delivery-rules.js';
export * from './contact-resolution.js';
export * from './personal-data.js';
export * from './messaging-settings.js';
