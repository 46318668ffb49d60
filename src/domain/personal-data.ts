/** UU PDP (Indonesia's personal data protection law): what an erased contact's messages keep. */

/** The text an erased contact's message bodies and inbound texts are replaced with. */
export const ERASED_TEXT = '[dihapus]';
