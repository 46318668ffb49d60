/** Names of approved WhatsApp templates, which Meta allows only in lower snake case. */

/** The default WhatsApp template name for a Template Chat code: `Terima Kasih #1` → `terima_kasih_1`. */
export function defaultWhatsappName(code: string): string {
  const slug = code.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return (slug || 'template').slice(0, 512);
}
