import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { draftFromPublished, publishSchedule } from '../../server/scheduling/publish.service';
import { createSchedule, nextMonday, plusDays } from '../helpers/publish-fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Races that SQLite's one-writer-at-a-time hides: on PostgreSQL, transactions run side by side.
// Without the site-week lock (server/db/locks.ts) two publishes of one week each saw "nothing
// published yet" and both published (13 of 25 weeks, measured with the change counter's triggers
// off; the counter's row lock happens to order the publishes' last writes today, but nothing should
// rest on that), and two "new version"s both wrote version N+1 (a unique-key failure, the 1st week).
const onPostgres = inject('provider') === 'postgresql';
const WEEKS = 25;

describe.skipIf(!onPostgres)(
  onPostgres
    ? 'one site-week at a time on PostgreSQL'
    : 'PostgreSQL races — SKIPPED: TEST_POSTGRES_URL is not set (eval "$(scripts/test-postgres.sh)" starts a server)',
  () => {
    let t: TestApp;
    let managerId: number;
    // Far-away weeks no other test uses, so nothing guards against changing them.
    const weeks = Array.from({ length: WEEKS }, (_, i) => plusDays(nextMonday(), 7 * (60 + i)));

    beforeAll(async () => {
      t = await createTestApp();
      const manager = await t.db.user.findFirstOrThrow({
        where: { email: t.demoUser('MANAGER').email },
        select: { id: true },
      });
      managerId = manager.id;
    });
    afterAll(async () => {
      await t.close();
    });

    async function publishedVersions(week: string) {
      return t.db.schedule.findMany({
        where: { periodStart: week, status: 'PUBLISHED' },
        select: { version: true },
      });
    }

    it(`publishing two drafts of one week at once leaves exactly one published version (${WEEKS} weeks)`, async () => {
      const outcomes: number[] = [];
      for (const week of weeks) {
        const a = await createSchedule(t.db, { periodStart: week, version: 1, assignments: [] });
        const b = await createSchedule(t.db, { periodStart: week, version: 2, assignments: [] });
        await Promise.all([a, b].map((id) => publishSchedule(t.db, id, managerId, { confirmGaps: true })));
        outcomes.push((await publishedVersions(week)).length);
      }
      const doubled = outcomes.filter((n) => n !== 1).length;
      expect(`${doubled} of ${WEEKS} weeks with other than one published version`).toBe(
        `0 of ${WEEKS} weeks with other than one published version`,
      );
      // The other draft was archived by the later publish, not lost.
      const archived = await t.db.schedule.count({
        where: { periodStart: { in: weeks }, status: 'ARCHIVED' },
      });
      expect(archived).toBe(WEEKS);
    });

    it(`two managers starting a new version of one published week at once get the same draft (${WEEKS} weeks)`, async () => {
      for (const week of weeks) {
        const published = await t.db.schedule.findFirstOrThrow({
          where: { periodStart: week, status: 'PUBLISHED' },
          select: { id: true, version: true },
        });
        const [first, second] = await Promise.all([
          draftFromPublished(t.db, published.id, managerId),
          draftFromPublished(t.db, published.id, managerId),
        ]);
        expect(second.id).toBe(first.id);
        expect(first.version).toBe(3);
        expect([first.created, second.created].sort()).toEqual([false, true]);
        const drafts = await t.db.schedule.count({ where: { basedOnId: published.id, status: 'DRAFT' } });
        expect(drafts).toBe(1);
      }
    });
  },
);
