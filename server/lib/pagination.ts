// One page of a list that grows with the data (staff, audit log, time off, schedules): the database
// reads only the rows shown, and the page links keep the list's filters.

/** Rows per page: a screen or two to scroll, and a page of a few tens of kilobytes. */
export const PAGE_SIZE = 50;

export interface Pager {
  /** 1-based; a page past the end shows the last one. */
  page: number;
  pages: number;
  total: number;
  /** 1-based numbers of the first and last row shown (0 when there is none). */
  first: number;
  last: number;
  skip: number;
  take: number;
}

export function pagerFor(requested: number | undefined, total: number, size: number = PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested ?? 1), pages);
  const skip = (page - 1) * size;
  return {
    page,
    pages,
    total,
    first: total === 0 ? 0 : skip + 1,
    last: Math.min(total, skip + size),
    skip,
    take: size,
  };
}
