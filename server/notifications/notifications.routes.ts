import type { Request, Response } from 'express';
import type { AppDeps } from '../app';
import { NotFoundError, ValidationError } from '../http/errors';
import { formFields } from '../http/forms';
import { requireId } from '../people/people-access';
import type { RouteDef } from '../http/routes';
import type { CurrentUser } from '../http/request-context';
import { flash } from '../http/session-middleware';
import { tryForm } from '../people/people-fields.schemas';
import {
  CHOOSABLE_KINDS,
  getChoices,
  getInbox,
  getOutbox,
  getOutboxMessage,
  readAllNotifications,
  readNotification,
  saveChoices,
  setEmailByLink,
} from './inbox.service';
import { kindLabel } from './notifications.service';
import { InboxQuery, SettingsForm, UnsubscribeForm, UnsubscribeQuery } from './notifications.schemas';

export function notificationRoutes({ db, sessions }: AppDeps): RouteDef[] {
  /** GET /notifications — my notifications, newest first, unread ones marked */
  async function getNotificationsPage(req: Request, res: Response, user: CurrentUser) {
    const { page } = InboxQuery.parse(req.query);
    res.render('notifications/list', {
      title: 'Notifications',
      ...(await getInbox(db, user.id, page)),
      kindLabel,
    });
  }

  /** POST /notifications/:id/read — marks one notification read and opens what it is about */
  async function postNotificationRead(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    const link = await readNotification(db, user.id, id);
    res.redirect(303, link ?? '/notifications');
  }

  /** POST /notifications/read-all — marks every notification read */
  async function postNotificationsReadAll(req: Request, res: Response, user: CurrentUser) {
    const count = await readAllNotifications(db, user.id);
    await flash(req, sessions, {
      kind: 'success',
      message: count === 1 ? 'Marked 1 notification read.' : `Marked ${count} notifications read.`,
    });
    res.redirect(303, '/notifications');
  }

  async function renderSettings(
    res: Response,
    values: { email: Set<string>; quietStart: string; quietEnd: string },
    errors: Record<string, string>,
  ) {
    res.render('notifications/settings', {
      title: 'Notification settings',
      kinds: CHOOSABLE_KINDS,
      values,
      errors,
    });
  }

  /** GET /notifications/settings — which notifications come by email, and quiet hours */
  async function getSettingsPage(_req: Request, res: Response, user: CurrentUser) {
    const choices = await getChoices(db, user.id);
    const clock = (m: number | null) =>
      m === null ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    await renderSettings(
      res,
      {
        email: choices.email,
        quietStart: clock(choices.quietStartMinute),
        quietEnd: clock(choices.quietEndMinute),
      },
      {},
    );
  }

  /** POST /notifications/settings — saves them */
  async function postSettings(req: Request, res: Response, user: CurrentUser) {
    const fields = formFields(req.body);
    const email = new Set(
      CHOOSABLE_KINDS.filter((k) => fields[`email_${k.kind}`] === 'on').map((k) => k.kind),
    );
    const values = {
      email: email as Set<string>,
      quietStart: fields.quietStart ?? '',
      quietEnd: fields.quietEnd ?? '',
    };
    const parsed = tryForm(SettingsForm, fields);
    if (!parsed.ok) return renderSettings(res.status(400), values, parsed.errors);
    try {
      await saveChoices(db, user.id, {
        email,
        quietStartMinute: parsed.data.quietStart,
        quietEndMinute: parsed.data.quietEnd,
      });
    } catch (err) {
      if (err instanceof ValidationError) return renderSettings(res.status(400), values, err.fieldErrors);
      throw err;
    }
    await flash(req, sessions, { kind: 'success', message: 'Notification settings saved.' });
    res.redirect(303, '/notifications/settings');
  }

  /** GET /notifications/unsubscribe — the one-click link of an email: turns that kind of email off */
  async function getUnsubscribe(req: Request, res: Response) {
    const { token } = UnsubscribeQuery.parse(req.query);
    const done = await setEmailByLink(db, token, false);
    res.render('notifications/unsubscribed', {
      title: 'Emails turned off',
      token,
      label: done.label,
      on: false,
    });
  }

  /** POST /notifications/unsubscribe — turns that kind of email back on (or off again) */
  async function postUnsubscribe(req: Request, res: Response) {
    const parsed = UnsubscribeForm.safeParse(formFields(req.body));
    if (!parsed.success) throw new NotFoundError();
    const on = parsed.data.email === 'on';
    const done = await setEmailByLink(db, parsed.data.token, on);
    res.render('notifications/unsubscribed', {
      title: on ? 'Emails turned on' : 'Emails turned off',
      token: parsed.data.token,
      label: done.label,
      on,
    });
  }

  /** GET /notifications/outbox — every email as it would arrive (the demo has no SMTP server) */
  async function getOutboxPage(req: Request, res: Response, user: CurrentUser) {
    const { page } = InboxQuery.parse(req.query);
    res.render('notifications/outbox', {
      title: 'Outbox',
      ...(await getOutbox(db, user.siteId, page)),
      kindLabel,
    });
  }

  /** GET /notifications/outbox/:id — one email: subject, the rendered HTML (sandboxed) and its text */
  async function getOutboxMessagePage(req: Request, res: Response, user: CurrentUser) {
    const id = requireId(req.params.id);
    const message = await getOutboxMessage(db, user.siteId, id);
    res.render('notifications/outbox-message', { title: message.subject, message, kindLabel });
  }

  return [
    { method: 'get', path: '/notifications', access: 'STAFF', handler: getNotificationsPage },
    { method: 'post', path: '/notifications/read-all', access: 'STAFF', handler: postNotificationsReadAll },
    { method: 'post', path: '/notifications/:id/read', access: 'STAFF', handler: postNotificationRead },
    { method: 'get', path: '/notifications/settings', access: 'STAFF', handler: getSettingsPage },
    { method: 'post', path: '/notifications/settings', access: 'STAFF', handler: postSettings },
    { method: 'get', path: '/notifications/unsubscribe', access: 'public', handler: getUnsubscribe },
    { method: 'post', path: '/notifications/unsubscribe', access: 'public', handler: postUnsubscribe },
    { method: 'get', path: '/notifications/outbox', access: 'MANAGER', handler: getOutboxPage },
    { method: 'get', path: '/notifications/outbox/:id', access: 'MANAGER', handler: getOutboxMessagePage },
  ];
}
