import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../server/lib/pagination';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';

// Lists that grow with the data show one page at a time, and their page links keep the filters.

let t: TestApp;
let manager: Agent;
const EXTRA = PAGE_SIZE + 12;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signInAs('MANAGER');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
  await t.db.staff.createMany({
    data: Array.from({ length: EXTRA }, (_, i) => ({
      siteId: site.id,
      firstName: `Pat${String(i).padStart(3, '0')}`,
      lastName: 'Zubrowski',
      employmentType: i % 2 === 0 ? ('PER_DIEM' as const) : ('PART_TIME' as const),
      hourlyRateCents: 2000,
    })),
  });
});
afterAll(async () => {
  await t.close();
});

const rowsOf = (html: string) => [...html.matchAll(/<a href="\/staff\/(\d+)">/g)].map((m) => Number(m[1]));
const nextLink = (html: string) => /rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

describe('staff list pages', () => {
  it(`shows ${PAGE_SIZE} people a page and the rest on the next, with the total`, async () => {
    // The list is of the manager's own site (the first; the demo's other sites have their own staff).
    const site = await t.db.site.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const total = await t.db.staff.count({ where: { active: true, siteId: site.id } });
    const first = await manager.get('/staff');
    expect(first.status).toBe(200);
    expect(first.text).toContain(`${total} people`);
    expect(rowsOf(first.text)).toHaveLength(PAGE_SIZE);
    expect(first.text).toContain(`1–${PAGE_SIZE} of ${total} · page 1 of 2`);
    expect(nextLink(first.text)).toBe('/staff?active=active&page=2');

    const second = await manager.get('/staff?active=active&page=2');
    const both = [...rowsOf(first.text), ...rowsOf(second.text)];
    expect(rowsOf(second.text)).toHaveLength(total - PAGE_SIZE);
    expect(new Set(both).size).toBe(total);
    expect(second.text).toContain('rel="prev" href="/staff?active=active"');
    expect(second.text).not.toContain('rel="next"');
  });

  it('keeps the search and filters in the page links', async () => {
    const perDiem = Math.ceil(EXTRA / 2);
    const first = await manager.get('/staff?q=Zubrowski&employment=PER_DIEM');
    expect(first.text).toContain(`${perDiem} people`);
    expect(rowsOf(first.text)).toHaveLength(Math.min(PAGE_SIZE, perDiem));
    const all = await manager.get('/staff?q=Zubrowski&active=all');
    expect(rowsOf(all.text)).toHaveLength(PAGE_SIZE);
    const next = nextLink(all.text);
    expect(next).toBe('/staff?q=Zubrowski&active=all&page=2');
    const second = await manager.get(next!);
    expect(rowsOf(second.text)).toHaveLength(EXTRA - PAGE_SIZE);
    expect(second.text).toContain('value="Zubrowski"');
  });

  it('shows the last page for a page number past the end, and the first for nonsense', async () => {
    const last = await manager.get('/staff?page=999');
    expect(last.status).toBe(200);
    expect(last.text).toContain('page 2 of 2');
    const nonsense = await manager.get('/staff?page=abc');
    expect(nonsense.status).toBe(200);
    expect(nonsense.text).toContain('page 1 of 2');
  });
});

describe('time-off approvals pages', () => {
  it('shows pending requests a page at a time, with page links', async () => {
    const people = await t.db.staff.findMany({ where: { lastName: 'Zubrowski' }, select: { id: true } });
    await t.db.timeOffRequest.createMany({
      data: people.map((p, i) => ({
        staffId: p.id,
        startDate: `2027-0${1 + (i % 9)}-10`,
        endDate: `2027-0${1 + (i % 9)}-11`,
        reason: `Family visit ${i}`,
      })),
    });
    const pending = await t.db.timeOffRequest.count({ where: { status: 'PENDING' } });
    const first = await manager.get('/approvals/time-off');
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Waiting for a decision (${pending})`);
    const shown = (html: string) => (html.match(/data-testid="request-\d+"/g) ?? []).length;
    expect(shown(first.text)).toBe(PAGE_SIZE);
    expect(nextLink(first.text)).toBe('/approvals/time-off?page=2');
    const second = await manager.get('/approvals/time-off?page=2');
    expect(shown(second.text)).toBe(pending - PAGE_SIZE);
  });
});
