import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

/**
 * Calls `onNotify` for each NOTIFY on `channel` (PostgreSQL), on a connection of its own: Prisma's
 * pool hands connections out per query, and LISTEN belongs to one session. A lost connection is
 * opened again after `retryMs`; notices sent meanwhile are missed, which the caller's polling covers
 * (and `onNotify` runs once on each reconnect, for the same reason).
 */
export async function listenFor(
  url: string,
  channel: string,
  onNotify: () => void,
  onError: (error: Error) => void,
  retryMs = 5000,
): Promise<Listener> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!closed) retry = setTimeout(() => void connect().catch(onError), retryMs);
    });
    await next.connect();
    // A channel name is an identifier: quoted, as it cannot be a bind parameter.
    await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    client = next;
    onNotify();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end();
    },
  };
}
