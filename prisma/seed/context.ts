// What the seed steps share: the transaction, the base day, the random source and the ids written so far.
import type { DateTime } from 'luxon';
import type { Prisma } from '../../generated/prisma/client';
import type { Rng } from './helpers';
import { hm, req } from './helpers';
type Tx = Prisma.TransactionClient;

export class SeedContext {
  siteId = 0;
  readonly credentialTypeIds = new Map<string, number>();
  readonly positionIds = new Map<string, number>();
  readonly staffIds = new Map<string, number>();
  readonly userIds = new Map<string, number>();

  constructor(
    readonly tx: Tx,
    readonly base: DateTime,
    readonly rng: Rng,
  ) {}

  date(offsetDays: number): string {
    return req(this.base.plus({ days: offsetDays }).toISODate() ?? undefined, 'date');
  }

  instant(offsetDays: number, at: string): Date {
    const minutes = hm(at);
    return this.base
      .plus({ days: offsetDays })
      .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
      .toJSDate();
  }

  staffId(key: string): number {
    return req(this.staffIds.get(key), `staff ${key}`);
  }

  userId(key: string): number {
    return req(this.userIds.get(key), `user ${key}`);
  }
}
