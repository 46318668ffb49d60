import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Broadcast } from '../../../../../src/contracts/index.js';
import type { BroadcastStatus } from '../../../../../src/domain/vocabulary.js';
import { progressUrl } from '../api.js';
import { isFinished } from '../broadcast-stats.js';
import { broadcastKey } from './use-broadcasts.js';

const POLL_MS = 3000;

/**
 * Follows a scheduled or sending broadcast live: each `stats` event of its progress stream replaces
 * the cached broadcast, so the page's counts move as the worker sends. The browser's EventSource
 * carries the session cookie (same origin) and reconnects by itself after a dropped connection; the
 * stream's last event (done or cancelled) closes it. Should the server refuse the stream outright,
 * the page falls back to polling. Answers whether the page is being kept live.
 */
export function useBroadcastProgress(id: string, status: BroadcastStatus | undefined): boolean {
  const qc = useQueryClient();
  const follow = status === 'scheduled' || status === 'sending';
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    if (!follow || refused) return;
    const source = new EventSource(progressUrl(id));
    source.addEventListener('stats', (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String((event as MessageEvent).data));
      } catch {
        return;
      }
      const parsed = Broadcast.safeParse(data);
      if (!parsed.success || parsed.data.id !== id) return;
      qc.setQueryData(broadcastKey(id), parsed.data);
      if (isFinished(parsed.data.status)) {
        source.close();
        void qc.invalidateQueries({ queryKey: ['broadcasts'] });
        void qc.invalidateQueries({ queryKey: ['messages', 'broadcast', id] });
      }
    });
    // CLOSED after an error means the server refused the stream (not a dropped connection).
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setRefused(true);
    };
    return () => source.close();
  }, [id, follow, refused, qc]);

  useEffect(() => {
    if (!follow || !refused) return;
    const timer = setInterval(() => void qc.invalidateQueries({ queryKey: broadcastKey(id) }), POLL_MS);
    return () => clearInterval(timer);
  }, [id, follow, refused, qc]);

  return follow;
}
