import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client';
import { createTestApp, csrfFrom, type Agent, type TestApp } from '../helpers/test-app';

type Access = 'public' | 'STAFF' | 'LEAD' | 'MANAGER';
interface Entry {
  access: Access;
  /** A concrete URL for routes with parameters, built from the demo data. */
  url?: (db: Db) => Promise<string>;
}

/**
 * Who may use each route. Every route the app registers must have an entry here: the test
 * reads the routes back from Express, so a new route without a decision fails.
 */
const ACCESS: Record<string, Entry> = {
  'GET /sign-in': { access: 'public' },
  'POST /sign-in': { access: 'public' },
  'POST /sign-out': { access: 'public' },
  'GET /': { access: 'STAFF' },
  // Schedules (issue 5, manager side): fixtures from tests/helpers/schedules.ts; none starts a solve.
  'GET /schedules': { access: 'MANAGER' },
  'POST /schedules/generate': { access: 'MANAGER' },
  'GET /schedules/jobs/:id': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/jobs/${f.jobId}`),
  },
  'GET /schedules/jobs/:id/progress': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/jobs/${f.jobId}/progress`),
  },
  'POST /schedules/jobs/:id/cancel': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/jobs/${f.jobId}/cancel`),
  },
  'GET /schedules/:id': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.draftId}`),
  },
  'POST /schedules/:id/resolve': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.archivedId}/resolve`),
  },
  'POST /schedules/:id/assignments': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.archivedId}/assignments`),
  },
  'POST /schedules/:id/move': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.archivedId}/move`),
  },
  'POST /schedules/:id/assignments/:assignmentId/remove': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.archivedId}/assignments/${f.assignmentId}/remove`),
  },
  'POST /schedules/:id/assignments/:assignmentId/lock': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.archivedId}/assignments/${f.assignmentId}/lock`),
  },
  'GET /schedules/:id/callout/:assignmentId': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.publishedId}/callout/${f.publishedAssignmentId}`),
  },
  'POST /schedules/:id/callout/:assignmentId': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.publishedId}/callout/${f.publishedAssignmentId}`),
  },
  'POST /schedules/:id/callout/:assignmentId/resolve': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.publishedId}/callout/${f.publishedAssignmentId}/resolve`),
  },
  // end of schedules entries
  'GET /audit': { access: 'MANAGER' },
  'GET /account/password': { access: 'STAFF' },
  'POST /account/password': { access: 'STAFF' },
  // People (issue 3). Row-specific POSTs point at a missing id (404 for every allowed role) so the
  // matrix never deactivates, deletes or decides real demo data that later rows rely on.
  'GET /staff': { access: 'MANAGER' },
  'GET /staff/new': { access: 'MANAGER' },
  'POST /staff': { access: 'MANAGER' },
  'GET /staff/export.csv': { access: 'MANAGER' },
  'GET /staff/import': { access: 'MANAGER' },
  'POST /staff/import': { access: 'MANAGER' },
  'GET /staff/:id': {
    access: 'MANAGER',
    url: async (db) => `/staff/${(await db.staff.findFirstOrThrow()).id}`,
  },
  'GET /staff/:id/edit': {
    access: 'MANAGER',
    url: async (db) => `/staff/${(await db.staff.findFirstOrThrow()).id}/edit`,
  },
  'POST /staff/:id': { access: 'MANAGER', url: async () => '/staff/999999' },
  'POST /staff/:id/deactivate': { access: 'MANAGER', url: async () => '/staff/999999/deactivate' },
  'POST /staff/:id/reactivate': { access: 'MANAGER', url: async () => '/staff/999999/reactivate' },
  'GET /staff/:id/sites': {
    access: 'MANAGER',
    url: async (db) => `/staff/${(await db.staff.findFirstOrThrow()).id}/sites`,
  },
  'POST /staff/:id/sites': { access: 'MANAGER', url: async () => '/staff/999999/sites' },
  'GET /credentials/expiring': { access: 'MANAGER' },
  'GET /staff/:id/credentials/new': {
    access: 'MANAGER',
    url: async (db) => `/staff/${(await db.staff.findFirstOrThrow()).id}/credentials/new`,
  },
  'POST /staff/:id/credentials': { access: 'MANAGER', url: async () => '/staff/999999/credentials' },
  'GET /credentials/:id/edit': {
    access: 'MANAGER',
    url: async (db) => `/credentials/${(await db.credential.findFirstOrThrow()).id}/edit`,
  },
  'POST /credentials/:id': { access: 'MANAGER', url: async () => '/credentials/999999' },
  'POST /credentials/:id/delete': { access: 'MANAGER', url: async () => '/credentials/999999/delete' },
  'POST /staff/:id/ce': { access: 'MANAGER', url: async () => '/staff/999999/ce' },
  'POST /ce/:id/delete': { access: 'MANAGER', url: async () => '/ce/999999/delete' },
  'GET /my/credentials': { access: 'STAFF' },
  'GET /credential-types': { access: 'MANAGER' },
  'GET /credential-types/new': { access: 'MANAGER' },
  'POST /credential-types': { access: 'MANAGER' },
  'GET /credential-types/:id/edit': {
    access: 'MANAGER',
    url: async (db) => `/credential-types/${(await db.credentialType.findFirstOrThrow()).id}/edit`,
  },
  'POST /credential-types/:id': { access: 'MANAGER', url: async () => '/credential-types/999999' },
  'GET /positions': { access: 'MANAGER' },
  'POST /positions/:id/requirements': {
    access: 'MANAGER',
    url: async () => '/positions/999999/requirements',
  },
  'GET /availability': { access: 'STAFF' },
  'POST /availability/rules': { access: 'STAFF' },
  'POST /availability/exceptions': { access: 'STAFF' },
  'POST /availability/rules/:id/delete': {
    access: 'STAFF',
    url: async () => '/availability/rules/999999/delete',
  },
  'POST /availability/exceptions/:id/delete': {
    access: 'STAFF',
    url: async () => '/availability/exceptions/999999/delete',
  },
  'GET /staff/:id/availability': {
    access: 'MANAGER',
    url: async (db) => `/staff/${(await db.staff.findFirstOrThrow()).id}/availability`,
  },
  'POST /staff/:id/availability/rules': {
    access: 'MANAGER',
    url: async () => '/staff/999999/availability/rules',
  },
  'POST /staff/:id/availability/exceptions': {
    access: 'MANAGER',
    url: async () => '/staff/999999/availability/exceptions',
  },
  'GET /time-off': { access: 'STAFF' },
  'POST /time-off': { access: 'STAFF' },
  'GET /approvals/time-off': { access: 'MANAGER' },
  'POST /time-off/:id/cancel': { access: 'STAFF', url: async () => '/time-off/999999/cancel' },
  'POST /time-off/:id/approve': { access: 'MANAGER', url: async () => '/time-off/999999/approve' },
  'POST /time-off/:id/deny': { access: 'MANAGER', url: async () => '/time-off/999999/deny' },
  'GET /site-settings': { access: 'MANAGER' },
  'POST /site-settings': { access: 'MANAGER' },
  'GET /sites': { access: 'MANAGER' },
  'GET /sites/new': { access: 'MANAGER' },
  'POST /sites': { access: 'MANAGER' },
  'GET /sites/:id/settings': {
    access: 'MANAGER',
    url: async (db) => `/sites/${(await db.site.findFirstOrThrow()).id}/settings`,
  },
  'POST /sites/:id/settings': { access: 'MANAGER', url: async () => '/sites/999999/settings' },
  'GET /volume': { access: 'MANAGER' },
  'GET /volume/standards': { access: 'MANAGER' },
  'POST /volume/standards': { access: 'MANAGER' },
  'GET /volume/staffing': { access: 'MANAGER' },
  'POST /volume/staffing/accept': { access: 'MANAGER' },
  'POST /volume/budget': { access: 'MANAGER' },
  'GET /volume/report': { access: 'MANAGER' },
  'GET /volume/report.csv': { access: 'MANAGER' },
  'GET /volume/chain': { access: 'MANAGER' },
  'GET /volume/chain.csv': { access: 'MANAGER' },
  'POST /volume/day': { access: 'MANAGER' },
  'GET /volume/import': { access: 'MANAGER' },
  'POST /volume/import': { access: 'MANAGER' },
  'GET /volume/forecast': { access: 'MANAGER' },
  'POST /volume/adjustments': { access: 'MANAGER' },
  'GET /approvals/time-off/:id/approved': {
    access: 'MANAGER',
    url: async (db) =>
      `/approvals/time-off/${(await db.timeOffRequest.findFirstOrThrow({ where: { status: 'APPROVED' } })).id}/approved`,
  },
  'POST /availability/exceptions/:id/approve': {
    access: 'MANAGER',
    url: async () => '/availability/exceptions/999999/approve',
  },
  'POST /availability/exceptions/:id/deny': {
    access: 'MANAGER',
    url: async () => '/availability/exceptions/999999/deny',
  },
  'GET /approvals/unavailability/:id/approved': {
    access: 'MANAGER',
    url: async (db) =>
      `/approvals/unavailability/${(await db.availabilityException.findFirstOrThrow({ where: { status: 'APPROVED' } })).id}/approved`,
  },
  'GET /shift-templates': { access: 'MANAGER' },
  'GET /shift-templates/new': { access: 'MANAGER' },
  'POST /shift-templates': { access: 'MANAGER' },
  'GET /shift-templates/:id/edit': {
    access: 'MANAGER',
    url: async (db) => `/shift-templates/${(await db.shiftTemplate.findFirstOrThrow()).id}/edit`,
  },
  'POST /shift-templates/:id': { access: 'MANAGER', url: async () => '/shift-templates/999999' },
  'POST /shift-templates/:id/deactivate': {
    access: 'MANAGER',
    url: async () => '/shift-templates/999999/deactivate',
  },
  'POST /shift-templates/:id/activate': {
    access: 'MANAGER',
    url: async () => '/shift-templates/999999/activate',
  },
  'GET /coverage': { access: 'MANAGER' },
  // Task boards (issue 6). Card POSTs point at a missing card (404 for every allowed role) so the
  // matrix never moves demo cards; the card page is one assigned to the demo STAFF user.
  'GET /boards/vendor-returns': { access: 'LEAD' },
  'GET /boards/vendor-returns/new': { access: 'LEAD' },
  'POST /boards/vendor-returns': { access: 'LEAD' },
  'GET /boards/vendor-returns/summary': { access: 'LEAD' },
  'GET /boards/billing-issues': { access: 'LEAD' },
  'GET /boards/billing-issues/new': { access: 'LEAD' },
  'POST /boards/billing-issues': { access: 'LEAD' },
  'GET /boards/billing-issues/summary': { access: 'LEAD' },
  'GET /boards/billing-issues/payers': { access: 'MANAGER' },
  'POST /boards/billing-issues/payers': { access: 'MANAGER' },
  'GET /boards/billing-issues/payers/:id': {
    access: 'MANAGER',
    url: async (db) => {
      const site = await db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
      const key = { siteId: site.id, bin: '999999', pcn: '' };
      const payer = await db.payer.upsert({
        where: { siteId_bin_pcn: key },
        create: { ...key, name: 'Matrix payer', returnToStockDays: 14 },
        update: {},
        select: { id: true },
      });
      return `/boards/billing-issues/payers/${payer.id}`;
    },
  },
  'POST /boards/billing-issues/payers/:id': {
    access: 'MANAGER',
    url: async () => '/boards/billing-issues/payers/999999',
  },
  'POST /boards/billing-issues/payers/:id/delete': {
    access: 'MANAGER',
    url: async () => '/boards/billing-issues/payers/999999/delete',
  },
  'GET /boards/billing-issues/import': { access: 'LEAD' },
  'POST /boards/billing-issues/import': { access: 'LEAD' },
  'GET /boards/vendor-returns/import': { access: 'LEAD' },
  'POST /boards/vendor-returns/import': { access: 'LEAD' },
  'GET /boards/daily': { access: 'LEAD' },
  'GET /boards/daily/templates': { access: 'LEAD' },
  'GET /boards/daily/templates/new': { access: 'LEAD' },
  'POST /boards/daily/templates': { access: 'LEAD' },
  'GET /boards/daily/templates/:id': {
    access: 'LEAD',
    url: async (db) => `/boards/daily/templates/${(await db.dailyTaskTemplate.findFirstOrThrow()).id}`,
  },
  'POST /boards/daily/templates/:id': { access: 'LEAD', url: async () => '/boards/daily/templates/999999' },
  'GET /tasks/:id': {
    access: 'STAFF',
    url: (db) => import('./boards-helpers').then((h) => h.matrixOwnTaskId(db)).then((id) => `/tasks/${id}`),
  },
  'POST /tasks/:id/move': { access: 'STAFF', url: async () => '/tasks/999999/move' },
  'POST /tasks/:id/comments': { access: 'STAFF', url: async () => '/tasks/999999/comments' },
  'POST /tasks/:id/assign': { access: 'LEAD', url: async () => '/tasks/999999/assign' },
  'POST /tasks/:id/edit': { access: 'LEAD', url: async () => '/tasks/999999/edit' },
  // end of task-board entries
  // Publishing, print and export (issue 5): schedules from tests/helpers/publish-fixtures.ts.
  'POST /schedules/:id/publish': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/publish-fixtures').then((f) => f.matrixScheduleUrl(db, 'DRAFT', 'publish')),
  },
  'POST /schedules/:id/new-version': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/publish-fixtures').then((f) => f.matrixScheduleUrl(db, 'PUBLISHED', 'new-version')),
  },
  'GET /schedules/:id/versions': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/publish-fixtures').then((f) => f.matrixScheduleUrl(db, 'PUBLISHED', 'versions')),
  },
  'GET /schedules/:id/print': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/publish-fixtures').then((f) => f.matrixScheduleUrl(db, 'PUBLISHED', 'print')),
  },
  'GET /schedules/:id/export.csv': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/publish-fixtures').then((f) => f.matrixScheduleUrl(db, 'PUBLISHED', 'export.csv')),
  },
  // Staff shifts, calendar feed and team schedule (issue 5).
  'GET /my/shifts': { access: 'STAFF' },
  'GET /calendar/:token.ics': { access: 'public' },
  'GET /my/calendar': { access: 'STAFF' },
  'POST /my/calendar/reset': { access: 'STAFF' },
  'GET /calendar/feeds': { access: 'MANAGER' },
  'POST /calendar/feeds/:staffId/revoke': {
    access: 'MANAGER',
    url: async (db) =>
      `/calendar/feeds/${(await db.user.findFirstOrThrow({ where: { role: 'STAFF', staffId: { not: null } } })).staffId}/revoke`,
  },
  'GET /team-schedule': { access: 'STAFF' },
  'POST /team-schedule/visibility': { access: 'MANAGER' },
  // Open shifts, call-out offers, swaps and drops (issue 13). POSTs point at missing rows (404).
  'GET /exchange-settings': { access: 'MANAGER' },
  'POST /exchange-settings': { access: 'MANAGER' },
  'GET /open-shifts': { access: 'MANAGER' },
  'POST /open-shifts': { access: 'MANAGER' },
  'GET /open-shifts/:id': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/exchange').then((h) => h.matrixOpenShift(db)).then((id) => `/open-shifts/${id}`),
  },
  'POST /open-shifts/:id/pick': { access: 'MANAGER', url: async () => '/open-shifts/999999/pick' },
  'POST /open-shifts/:id/cancel': { access: 'MANAGER', url: async () => '/open-shifts/999999/cancel' },
  'GET /my/open-shifts': { access: 'STAFF' },
  'POST /my/open-shifts/:id/claim': { access: 'STAFF', url: async () => '/my/open-shifts/999999/claim' },
  'POST /my/open-shifts/:id/decline': { access: 'STAFF', url: async () => '/my/open-shifts/999999/decline' },
  'POST /my/open-shifts/:id/withdraw': {
    access: 'STAFF',
    url: async () => '/my/open-shifts/999999/withdraw',
  },
  'POST /schedules/:id/callout/:assignmentId/offer': {
    access: 'MANAGER',
    url: (db) =>
      import('../helpers/schedules')
        .then((h) => h.matrixSchedulesFixture(db))
        .then((f) => `/schedules/${f.publishedId}/callout/${f.publishedAssignmentId}/offer`),
  },
  'GET /my/swaps': { access: 'STAFF' },
  'GET /my/swaps/new': { access: 'STAFF' },
  'POST /my/swaps': { access: 'STAFF' },
  'POST /my/swaps/:id/accept': { access: 'STAFF', url: async () => '/my/swaps/999999/accept' },
  'POST /my/swaps/:id/decline': { access: 'STAFF', url: async () => '/my/swaps/999999/decline' },
  'POST /my/swaps/:id/cancel': { access: 'STAFF', url: async () => '/my/swaps/999999/cancel' },
  'GET /approvals/swaps': { access: 'MANAGER' },
  'POST /approvals/swaps/:id/approve': {
    access: 'MANAGER',
    url: async () => '/approvals/swaps/999999/approve',
  },
  'POST /approvals/swaps/:id/deny': { access: 'MANAGER', url: async () => '/approvals/swaps/999999/deny' },
  // Notifications (issue 13): each person's own list and settings; the outbox for managers. The
  // unsubscribe link is public: its signed token is what names the person.
  'GET /notifications': { access: 'STAFF' },
  'POST /notifications/read-all': { access: 'STAFF' },
  'POST /notifications/:id/read': { access: 'STAFF', url: async () => '/notifications/999999/read' },
  'GET /notifications/settings': { access: 'STAFF' },
  'POST /notifications/settings': { access: 'STAFF' },
  'GET /notifications/unsubscribe': { access: 'public' },
  'POST /notifications/unsubscribe': { access: 'public' },
  'GET /notifications/outbox': { access: 'MANAGER' },
  // Invitations and password resets: signed out by nature; the emailed secret is the credential.
  'GET /forgot-password': { access: 'public' },
  'POST /forgot-password': { access: 'public' },
  'GET /set-password': { access: 'public' },
  'POST /set-password': { access: 'public' },
  'GET /notifications/outbox/:id': {
    access: 'MANAGER',
    url: async (db) => {
      const user = await db.user.findFirstOrThrow({ where: { role: 'STAFF', staffId: { not: null } } });
      const message =
        (await db.outboxMessage.findFirst({ select: { id: true } })) ??
        (await db.outboxMessage.create({
          data: {
            userId: user.id,
            toAddress: user.email,
            kind: 'TASK_ASSIGNED',
            subject: 'A task',
            text: 'A task',
            html: '<p>A task</p>',
          },
          select: { id: true },
        }));
      return `/notifications/outbox/${message.id}`;
    },
  },
};

const RANK: Record<Exclude<Access, 'public'>, number> = { STAFF: 1, LEAD: 2, MANAGER: 3 };
const ROLES = ['MANAGER', 'LEAD', 'STAFF'] as const;

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

function registeredRoutes(app: TestApp['app']): { method: string; path: string }[] {
  const stack = (app.router as unknown as { stack: RouteLayer[] }).stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => ({ method: m.toUpperCase(), path: layer.route!.path }))
      : [],
  );
}

let t: TestApp;
const agents = new Map<string, Agent>();
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) agents.set(role, await t.signInAs(role));
});
afterAll(async () => {
  await t.close();
});

describe('access matrix', () => {
  it('has a decision for every registered route and no stale entries', () => {
    const keys = registeredRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !(k in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  const routes = Object.entries(ACCESS).filter(([, e]) => e.access !== 'public');
  for (const [key, entry] of routes) {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];

    it(`${key}: a signed-out visitor is sent to sign-in`, async () => {
      const url = entry.url ? await entry.url(t.db) : path;
      const agent = request.agent(t.app);
      const page = await agent.get('/sign-in');
      const res =
        method === 'GET'
          ? await agent.get(url)
          : await agent
              .post(url)
              .type('form')
              .send({ _csrf: csrfFrom(page.text) });
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/sign-in\?next=/);
    });

    for (const role of ROLES) {
      const allowed = RANK[role] >= RANK[entry.access as Exclude<Access, 'public'>];
      it(`${key}: ${role} is ${allowed ? 'let in' : 'refused with 403'}`, async () => {
        const url = entry.url ? await entry.url(t.db) : path;
        const agent = agents.get(role)!;
        let res;
        if (method === 'GET') {
          res = await agent.get(url);
        } else {
          const home = await agent.get('/');
          res = await agent
            .post(url)
            .type('form')
            .send({ _csrf: csrfFrom(home.text) });
        }
        if (allowed) {
          expect(res.status).not.toBe(403);
          expect(res.status).toBeLessThan(500);
          if (method === 'GET') expect(res.status).toBe(200);
        } else {
          expect(res.status).toBe(403);
          expect(res.text).toContain('Your account does not have access to this page.');
        }
      });
    }
  }
});
