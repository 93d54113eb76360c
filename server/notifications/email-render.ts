// The body of every email, as HTML that renders in common mail clients (one table column, inline
// styles only, no images or scripts) and as the plain-text alternative. Everything put in is plain
// text and escaped here, so no caller builds HTML from user text.
import { DateTime } from 'luxon';

/** What a notification says, in plain text. */
export interface MessageContent {
  /** The email subject and the heading of the in-app entry. */
  subject: string;
  /** The opening sentence(s). */
  intro: string;
  /** Lines listed under the intro (one change, one shift …). */
  items?: string[];
  /** The app page the message is about, e.g. `/my-shifts`; becomes a button in the email. */
  link?: string;
  /** The button's words; default "Open RxRoster". */
  linkLabel?: string;
  /** A sentence after the button (e.g. how long a link stays valid). */
  outro?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An absolute link into the app; `link` may already be absolute (a token link). */
export function absoluteUrl(baseUrl: string, link: string): string {
  if (/^https?:\/\//.test(link)) return link;
  return `${baseUrl.replace(/\/+$/, '')}${link.startsWith('/') ? '' : '/'}${link}`;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';

/**
 * The email's text and HTML. `unsubscribe` is the link that turns this kind of email off, with the
 * kind's words ("schedule changes"); absent for invitations and password resets.
 */
export function renderEmail(
  content: MessageContent,
  baseUrl: string,
  unsubscribe: { url: string; kindLabel: string } | null,
): { text: string; html: string } {
  const items = content.items ?? [];
  const href = content.link ? absoluteUrl(baseUrl, content.link) : null;
  const label = content.linkLabel ?? 'Open RxRoster';

  const text = [
    content.intro,
    ...(items.length > 0 ? ['', ...items.map((i) => `- ${i}`)] : []),
    ...(href ? ['', `${label}: ${href}`] : []),
    ...(content.outro ? ['', content.outro] : []),
    '',
    '-- ',
    'RxRoster',
    ...(unsubscribe ? [`No more emails about ${unsubscribe.kindLabel}: ${unsubscribe.url}`] : []),
  ].join('\n');

  const list =
    items.length > 0
      ? `<ul style="${FONT}font-size:15px;line-height:22px;color:#1f2937;margin:0 0 16px 0;padding-left:20px;">${items
          .map((i) => `<li style="margin:0 0 6px 0;">${escapeHtml(i)}</li>`)
          .join('')}</ul>`
      : '';
  const button = href
    ? `<p style="margin:0 0 16px 0;"><a href="${escapeHtml(href)}" style="${FONT}display:inline-block;background:#0f766e;color:#ffffff;text-decoration:none;font-size:15px;font-weight:bold;padding:10px 18px;border-radius:4px;">${escapeHtml(label)}</a></p>`
    : '';
  const outro = content.outro
    ? `<p style="${FONT}font-size:14px;line-height:20px;color:#4b5563;margin:0 0 16px 0;">${escapeHtml(content.outro)}</p>`
    : '';
  const footer = unsubscribe
    ? `<p style="${FONT}font-size:12px;line-height:18px;color:#6b7280;margin:0;">You get this email because of your RxRoster notification settings. <a href="${escapeHtml(unsubscribe.url)}" style="color:#6b7280;">No more emails about ${escapeHtml(unsubscribe.kindLabel)}</a>.</p>`
    : `<p style="${FONT}font-size:12px;line-height:18px;color:#6b7280;margin:0;">RxRoster</p>`;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border:1px solid #e5e7eb;border-radius:6px;">',
    `<tr><td style="${FONT}padding:16px 24px;border-bottom:3px solid #0f766e;font-size:18px;font-weight:bold;color:#0f766e;">RxRoster</td></tr>`,
    '<tr><td style="padding:24px;">',
    `<h1 style="${FONT}font-size:20px;line-height:28px;color:#111827;margin:0 0 12px 0;">${escapeHtml(content.subject)}</h1>`,
    `<p style="${FONT}font-size:15px;line-height:22px;color:#1f2937;margin:0 0 16px 0;">${escapeHtml(content.intro)}</p>`,
    list,
    button,
    outro,
    '</td></tr>',
    `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;">${footer}</td></tr>`,
    '</table></td></tr></table></body></html>',
  ].join('');
  return { text, html };
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * A shift's time that cannot be misread in an email: weekday, full date, 24-hour start–end, the
 * next day named when it ends after midnight, and the site's zone, e.g.
 * "Tuesday 8 December 2026, 22:00–06:30 (ends Wednesday) America/New_York (EST)".
 */
export function formatShiftTime(
  zone: string,
  isoDate: string,
  startMinute: number,
  endMinute: number,
): string {
  const day = DateTime.fromISO(isoDate, { zone });
  if (!day.isValid) return `${isoDate}, ${clock(startMinute)}–${clock(endMinute)} ${zone}`;
  const start = day.plus({ minutes: startMinute });
  const crosses = endMinute <= startMinute;
  const endDay = crosses ? day.plus({ days: 1 }) : day;
  return `${day.toFormat('cccc d LLLL yyyy')}, ${clock(startMinute)}–${clock(endMinute)}${
    crosses ? ` (ends ${endDay.toFormat('cccc')})` : ''
  } ${zone} (${start.toFormat('ZZZZ')})`;
}
