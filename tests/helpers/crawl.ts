import type { Agent } from './test-app';

export interface FoundForm {
  /** Page the form was found on. */
  page: string;
  action: string;
  fields: { name: string; value: string; type: string }[];
  /** Names of checkboxes and radios left unticked (not sent unless ticked). */
  unticked: string[];
}

export interface CrawlResult {
  pages: Map<string, { status: number; html: string }>;
  forms: FoundForm[];
  /** Query parameter names each path was seen with, in links and in GET (filter) forms. */
  queries: Map<string, Set<string>>;
}

const SKIP_LINK = /\.(ics|csv|css|js|png|svg)(\?|$)|^\/sign-out|^\/calendar\//;

/** Same-site links of a page, without fragments. */
export function linksOf(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<a\s[^>]*href="(\/[^"#]*)/g)) out.add(decodeEntities(m[1]!));
  return [...out];
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The POST forms of a page with their named fields and current values. */
export function formsOf(page: string, html: string, method: 'post' | 'get' = 'post'): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    if (!new RegExp(`method="${method}"`, 'i').test(attrs)) continue;
    const action = decodeEntities(/action="([^"]*)"/.exec(attrs)?.[1] ?? page);
    const body = m[2]!;
    const fields: FoundForm['fields'] = [];
    const unticked: string[] = [];
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const a = input[1]!;
      const name = /name="([^"]+)"/.exec(a)?.[1];
      if (!name) continue;
      const type = /type="([^"]+)"/.exec(a)?.[1] ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(a)) {
        unticked.push(name);
        continue;
      }
      fields.push({ name, type, value: decodeEntities(/value="([^"]*)"/.exec(a)?.[1] ?? '') });
    }
    for (const ta of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = /name="([^"]+)"/.exec(ta[1]!)?.[1];
      if (name) fields.push({ name, type: 'textarea', value: decodeEntities(ta[2]!) });
    }
    for (const sel of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = /name="([^"]+)"/.exec(sel[1]!)?.[1];
      if (!name) continue;
      const selected =
        /<option[^>]*value="([^"]*)"[^>]*selected/.exec(sel[2]!) ??
        /<option[^>]*value="([^"]*)"/.exec(sel[2]!);
      fields.push({ name, type: 'select', value: decodeEntities(selected?.[1] ?? '') });
    }
    forms.push({ page, action, fields, unticked });
  }
  return forms;
}

/** Follows same-site links breadth-first from `start`, as a signed-in person clicking around would. */
export async function crawl(agent: Agent, start: string[], limit = 150): Promise<CrawlResult> {
  const pages = new Map<string, { status: number; html: string }>();
  const forms: FoundForm[] = [];
  const queries = new Map<string, Set<string>>();
  const noteQuery = (path: string, names: Iterable<string>) => {
    const set = queries.get(path) ?? new Set<string>();
    for (const name of names) if (name !== '_csrf') set.add(name);
    queries.set(path, set);
  };
  const queue = [...start];
  const seenShape = new Map<string, number>();
  while (queue.length > 0 && pages.size < limit) {
    const url = queue.shift()!;
    if (pages.has(url) || SKIP_LINK.test(url)) continue;
    // Many links differ only by an id: visit a few of each shape, not every record.
    const shape = url.replace(/\d+/g, 'N').replace(/\?.*$/, '?…');
    const count = seenShape.get(shape) ?? 0;
    if (count >= 3) continue;
    seenShape.set(shape, count + 1);
    const res = await agent.get(url);
    const html = res.text ?? '';
    pages.set(url, { status: res.status, html });
    if (res.status !== 200 || !String(res.headers['content-type'] ?? '').includes('text/html')) continue;
    forms.push(...formsOf(url, html));
    for (const filter of formsOf(url, html, 'get')) {
      noteQuery(
        filter.action.replace(/[?#].*$/, ''),
        filter.fields.map((f) => f.name),
      );
    }
    for (const link of linksOf(html)) {
      const [path, search] = link.split('?');
      if (search) noteQuery(path!, new URLSearchParams(search).keys());
      if (!pages.has(link)) queue.push(link);
    }
  }
  return { pages, forms, queries };
}
