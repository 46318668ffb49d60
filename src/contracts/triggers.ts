import { z } from 'zod';

export const TriggerInfo = z.object({
  key: z.string(),
  /** The seed's label (English), kept verbatim. */
  label: z.string(),
  /** The Indonesian label (Kontak baru, Pesanan dibuat, …). */
  labelId: z.string(),
  variables: z.array(z.object({ code: z.string(), label: z.string(), labelEn: z.string() })),
});
export type TriggerInfo = z.infer<typeof TriggerInfo>;
export const TriggerList = z.object({ items: z.array(TriggerInfo) });
