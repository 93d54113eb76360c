import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COLUMN_CARD_LIMIT, LIST_PAGE_SIZE } from '../../server/boards/boards.service';
import { createTestApp, type Agent, type TestApp } from '../helpers/test-app';
import { TEST_NOW, freezeClock } from './boards-helpers';

// A busy board: more open returns in one column than a column shows, more cards than a list page,
// and returns closed long ago that only "Include all closed" brings back.

let t: TestApp;
let lead: Agent;
const EXTRA = LIST_PAGE_SIZE + 20;

beforeAll(async () => {
  freezeClock();
  t = await createTestApp();
  lead = await t.signInAs('LEAD');
  const site = await t.db.site.findFirstOrThrow({ select: { id: true } });
  const creator = await t.db.user.findFirstOrThrow({ where: { role: 'LEAD' }, select: { id: true } });
  const card = (i: number, closedAt: Date | null) => ({
    siteId: site.id,
    board: 'VENDOR_RETURN' as const,
    status: closedAt ? 'CREDIT_RECEIVED' : 'IDENTIFIED',
    title: `Bulk return ${String(i).padStart(3, '0')}`,
    createdById: creator.id,
    dueAt: new Date(TEST_NOW.getTime() + i * 3_600_000),
    closedAt,
    vendorReturn: {
      create: {
        vendor: 'Inmar',
        drugName: 'Ondansetron 4 mg ODT',
        ndc: '00093310901',
        lot: `L${i}`,
        expiryDate: '2026-12-31',
        quantity: 1,
        reason: 'OVERSTOCK' as const,
        expectedCreditCents: 1000 + i,
      },
    },
  });
  for (let i = 0; i < EXTRA; i += 1) await t.db.task.create({ data: card(i, null) });
  // Closed two months ago: off the board unless every closed card is asked for.
  await t.db.task.create({
    data: { ...card(999, new Date(TEST_NOW.getTime() - 60 * 86_400_000)), title: 'Long-closed return' },
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const identifiedCount = () =>
  t.db.task.count({ where: { board: 'VENDOR_RETURN', status: 'IDENTIFIED', closedAt: null } });

describe('a busy vendor-return board', () => {
  it('caps a column, counts every card in it and links to the rest in the list view', async () => {
    const res = await lead.get('/boards/vendor-returns');
    expect(res.status).toBe(200);
    const total = await identifiedCount();
    const column = /<section class="board-col" data-status="IDENTIFIED"[\s\S]*?<\/section>/.exec(
      res.text,
    )![0];
    expect(column).toContain(`<span class="col-count">${total}</span>`);
    expect(column.match(/<li class="task-card/g)).toHaveLength(COLUMN_CARD_LIMIT);
    // Board order: due first, so the first cards are shown and the later ones are behind the link.
    expect(column).toContain('Bulk return 000');
    expect(column).not.toContain(`Bulk return ${EXTRA - 1}`);
    const more = /<p class="col-more"><a href="([^"]+)">(\d+) more — see the list view<\/a><\/p>/.exec(
      column,
    );
    expect(more).not.toBeNull();
    expect(Number(more![2])).toBe(total - COLUMN_CARD_LIMIT);

    const list = await lead.get(more![1]!.replace(/&amp;/g, '&'));
    expect(list.status).toBe(200);
    expect(list.text).toContain('Showing the “Identified” column only.');
    expect(list.text).toContain(`of ${total} · page 1 of ${Math.ceil(total / LIST_PAGE_SIZE)}`);
    const statuses = [
      ...list.text.matchAll(/<\/a>(?:<br><span class="muted">[^<]*<\/span>)?<\/td>\s*<td>([^<]+)<\/td>/g),
    ].map((m) => m[1]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['Identified']));
  });

  it('pages the list view, a hundred rows a page, with links both ways', async () => {
    const first = await lead.get('/boards/vendor-returns?view=list&sort=title&dir=asc');
    const rows = (text: string) => text.match(/<tr class="[^"]*">\s*<td><a href="\/tasks\//g)?.length ?? 0;
    expect(rows(first.text)).toBe(LIST_PAGE_SIZE);
    expect(first.text).toContain('Bulk return 000');
    const next = /<a class="button small" rel="next" href="([^"]+)">/.exec(first.text);
    expect(next).not.toBeNull();
    expect(first.text).not.toContain('rel="prev"');

    const second = await lead.get(next![1]!.replace(/&amp;/g, '&'));
    expect(second.status).toBe(200);
    expect(second.text).toContain('rel="prev"');
    expect(second.text).not.toContain('Bulk return 000<');
    expect(second.text).toContain(`Bulk return ${EXTRA - 1}`);
    // A page past the end shows the last page rather than nothing.
    const beyond = await lead.get('/boards/vendor-returns?view=list&sort=title&dir=asc&page=999');
    expect(beyond.text).toContain(`Bulk return ${EXTRA - 1}`);
  });

  it('shows cards closed in the last fortnight, and older ones only with "Include all closed"', async () => {
    const board = await lead.get('/boards/vendor-returns?view=list&status=CREDIT_RECEIVED');
    expect(board.text).not.toContain('Long-closed return');
    const all = await lead.get('/boards/vendor-returns?view=list&status=CREDIT_RECEIVED&closed=1');
    expect(all.text).toContain('Long-closed return');
  });
});
