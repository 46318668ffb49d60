// The README's example for a POS developer, type-checked with the repo (tsconfig.json includes it).
import { createSapaClient, isSapaProblem } from '@sapa/client';

export async function postOrderCreated(): Promise<void> {
  const sapa = createSapaClient({ baseUrl: 'https://sapa.toko-anda.id', apiKey: process.env.SAPA_API_KEY ?? '' });
  const event = {
    id: 'evt-2024-0001', type: 'order.created', occurredAt: '2026-11-23T09:00:00+07:00',
    contact: { externalId: 'C-1', name: 'Budi', phone: '0812-3456-7890', email: 'budi@example.com' },
    order: { number: 'SO-1001', invoiceNumber: 'INV-1001', trackingNumber: 'JNE0012345', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' },
    user: { name: 'Sari' },
  };
  const { messages } = await sapa.post('/api/v1/events', { body: event });
  console.log(messages.map((m) => `${m.channel} ${m.status}`));

  try {
    await sapa.post('/api/v1/events', { body: { ...event, contact: { phone: '12345' } } });
  } catch (error) {
    if (!isSapaProblem(error)) throw error; // the network, not Sapa: retry later with the same id
    console.error(error.status, error.code, error.errors); // e.g. 422 contact.invalid_phone
  }
}
