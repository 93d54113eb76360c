import path from 'node:path';
import compression from 'compression';
import ejs from 'ejs';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { scopedDataStamp, type Db } from './db/client';
import { REPO_ROOT } from './db/database-url';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { PageCache } from './http/page-cache';
import { requestLog, type LogLevel } from './http/request-log';
import { mountRoutes, type RouteDef } from './http/routes';
import { csrfProtection, sessionMiddleware } from './http/session-middleware';
import { accountRoutes, requirePasswordChange } from './account/account.routes';
import { auditRoutes } from './audit/audit.routes';
import { siteSettingsRoutes } from './sites/site-settings.routes';
import { authRoutes } from './account/auth.routes';
import { availabilityRoutes } from './availability/availability.routes';
import { credentialRoutes } from './credentials/credentials.routes';
import { boardsRoutes } from './boards/boards.routes';
import { payersRoutes } from './boards/payers.routes';
import { boardImportRoutes } from './boards/board-imports.routes';
import { taskRoutes } from './boards/tasks.routes';
import { homeRoutes } from './home/home.routes';
import { publishRoutes } from './scheduling/publish.routes';
import { myShiftsRoutes } from './shifts/my-shifts.routes';
import { calendarRoutes } from './shifts/calendar.routes';
import { teamRoutes } from './scheduling/team.routes';
import { schedulesRoutes } from './scheduling/schedules.routes';
import { scheduleEditsRoutes } from './scheduling/schedule-edits.routes';
import { shiftTemplateRoutes } from './shifts/shift-templates.routes';
import { staffRoutes } from './people/staff.routes';
import { floatSitesRoutes } from './people/float-sites.routes';
import { timeOffRoutes } from './availability/time-off.routes';
import { volumeRoutes } from './volume/volume.routes';
import { reportRoutes } from './volume/report.routes';
import { MAX_VOLUME_CHARACTERS } from './volume/volume-csv';
import { MAX_IMPORT_CHARACTERS as MAX_BOARD_IMPORT_CHARACTERS } from './boards/board-imports';
import { openShiftsRoutes } from './exchange/open-shifts.routes';
import { swapsRoutes } from './exchange/swaps.routes';
import { exchangeSettingsRoutes } from './exchange/exchange-settings.routes';
import { SessionStore } from './account/sessions.service';
import { MAX_IMPORT_CHARACTERS } from './people/staff-csv.service';
import {
  DEFAULT_SITE_CAP,
  DEFAULT_SOLVE_CONCURRENCY,
  type SolverMode,
} from './scheduling/solve-jobs.service';
import { viewHelpers } from './http/view-helpers';
import { navFor } from './http/nav';
import { configureNotifications } from './notifications/notifications.service';
import { unreadCount } from './notifications/inbox.service';
import { notificationRoutes } from './notifications/notifications.routes';
import { accountTokenRoutes } from './account/account-tokens.routes';

const viewsDir = path.join(REPO_ROOT, 'views');

export interface AppOptions {
  /** Signs session ids; at least 32 characters. */
  sessionSecret: string;
  sessionIdleMinutes?: number;
  /** Behind an HTTPS proxy: trust X-Forwarded-*, Secure cookies, HSTS. */
  trustProxy?: boolean;
  /** Failed sign-ins on one account (from anywhere) before it locks, 30 s doubling to 15 min. */
  signInAccountFreeFailures?: number;
  /** Failed sign-ins from one address, on any accounts, in 15 minutes. */
  signInAddressFailuresPer15Minutes?: number;
  showErrorStacks?: boolean;
  /** Wall-clock limit of one schedule solve, in seconds. */
  solveTimeLimitSeconds?: number;
  /** Memory for rendered pages kept until the next database write (0 turns the cache off). */
  pageCacheMegabytes?: number;
  /** One log line per request at `info`; an app built without it (tests, benches) logs nothing. */
  logLevel?: LogLevel;
  /** Schedule solves running at once (across instances); more wait in line. Default: the cores. */
  solveConcurrency?: number;
  /** Solves of one site running at once (across instances and workers). */
  solveSiteCap?: number;
  /** Who runs solves: this process (`inline`) or `npm run worker` processes (`worker`). */
  solverMode?: SolverMode;
  /** The address people open the app at, for links in emails. */
  publicUrl?: string;
}

export interface AppDeps {
  db: Db;
  sessions: SessionStore;
  options: Required<AppOptions>;
}

/** Builds the Express app; never listens (tests drive it with supertest). */
export function createApp(db: Db, appOptions: AppOptions): Express {
  const options: Required<AppOptions> = {
    sessionIdleMinutes: 120,
    trustProxy: false,
    signInAccountFreeFailures: 5,
    signInAddressFailuresPer15Minutes: 100,
    showErrorStacks: false,
    solveTimeLimitSeconds: 60,
    pageCacheMegabytes: 64,
    logLevel: 'silent',
    solveConcurrency: DEFAULT_SOLVE_CONCURRENCY,
    solveSiteCap: DEFAULT_SITE_CAP,
    solverMode: 'inline',
    publicUrl: 'http://127.0.0.1:3000',
    ...appOptions,
  };
  configureNotifications({ baseUrl: options.publicUrl, secret: options.sessionSecret });
  const deps: AppDeps = {
    db,
    sessions: new SessionStore(db, options.sessionSecret, options.sessionIdleMinutes),
    options,
  };
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', 1);

  app.engine('ejs', renderWithLayout);
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.locals.h = viewHelpers;

  app.use(requestLog(options.logLevel));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Scripts only from our own files; no inline script anywhere.
          scriptSrc: ["'self'"],
          // Inline style attributes carry data-driven colours (position swatches); scripts stay strict.
          styleSrc: ["'self'", "'unsafe-inline'"],
          upgradeInsecureRequests: options.trustProxy ? [] : null,
        },
      },
      strictTransportSecurity: options.trustProxy,
    }),
  );
  // Pages, styles and scripts compressed per response; kept pages arrive here already compressed
  // (server/http/page-cache.ts, the same choice of encoding) and are passed through as they are.
  app.use(compression());
  app.use('/assets', express.static(path.join(viewsDir, 'assets'), { maxAge: '1h', index: false }));
  // Browsers ask for /favicon.ico on their own, whatever the page links.
  const favicon = path.join(viewsDir, 'assets', 'favicon.ico');
  app.use('/favicon.ico', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.sendFile(favicon, { maxAge: '1d' });
  });
  // A roster import is one field of up to MAX_IMPORT_CHARACTERS, which URL-encoding may make up to
  // 12 bytes each (a 4-byte character as %XX%XX%XX%XX); every other form fits in 200 KB.
  app.use(
    '/staff/import',
    express.urlencoded({ extended: false, limit: MAX_IMPORT_CHARACTERS * 12, parameterLimit: 10 }),
  );
  app.use(
    '/volume/import',
    express.urlencoded({ extended: false, limit: MAX_VOLUME_CHARACTERS * 12, parameterLimit: 10 }),
  );
  app.use(
    ['/boards/billing-issues/import', '/boards/vendor-returns/import'],
    express.urlencoded({ extended: false, limit: MAX_BOARD_IMPORT_CHARACTERS * 12, parameterLimit: 10 }),
  );
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  app.use(express.json({ limit: '200kb' }));
  app.use(sessionMiddleware({ store: deps.sessions, secureCookies: options.trustProxy }));
  app.use((req, res, next) => {
    res.locals.path = req.path;
    res.locals.title = 'RxRoster';
    res.locals.nav = req.user ? navFor(req.user.role) : [];
    next();
  });
  // The bell's unread count on every page a signed-in person opens (one indexed count).
  app.use(async (req, res, next) => {
    res.locals.unreadCount = req.user && req.method === 'GET' ? await unreadCount(db, req.user.id) : 0;
    next();
  });
  app.use(csrfProtection());
  app.use(requirePasswordChange);

  const pages =
    options.pageCacheMegabytes > 0
      ? new PageCache({
          stamp: async (req, res) => {
            const user = req.user!;
            // A staff member's and a lead's pages read their own sites' schedules; a manager's
            // also the district's and their floaters' other sites. The bell's unread count, read
            // for this request, is the one part of a page that notifications change.
            const data = await scopedDataStamp(db, {
              userId: user.id,
              siteId: user.siteId,
              staffId: user.staffId,
              colleagues: user.role === 'MANAGER',
            });
            return `${data}|unread:${String(res.locals.unreadCount)}`;
          },
          maxAgeMs: 60_000,
          maxBytes: options.pageCacheMegabytes * 2 ** 20,
        })
      : undefined;
  mountRoutes(app, allRoutes(deps), pages);

  app.use(notFoundHandler);
  app.use(errorHandler({ showStack: options.showErrorStacks }));
  return app;
}

/** Every area's routes; the access-matrix test checks each of them for every role. */
export function allRoutes(deps: AppDeps): RouteDef[] {
  return [
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...homeRoutes(deps),
    ...boardsRoutes(deps),
    ...payersRoutes(deps),
    ...boardImportRoutes(deps),
    ...taskRoutes(deps),
    ...publishRoutes(deps),
    ...myShiftsRoutes(deps),
    ...teamRoutes(deps),
    ...calendarRoutes(deps),
    ...schedulesRoutes(deps),
    ...scheduleEditsRoutes(deps),
    ...auditRoutes(deps),
    ...siteSettingsRoutes(deps),
    ...staffRoutes(deps),
    ...floatSitesRoutes(deps),
    ...credentialRoutes(deps),
    ...availabilityRoutes(deps),
    ...timeOffRoutes(deps),
    ...shiftTemplateRoutes(deps),
    ...volumeRoutes(deps),
    ...reportRoutes(deps),
    ...openShiftsRoutes(deps),
    ...swapsRoutes(deps),
    ...exchangeSettingsRoutes(deps),
    ...notificationRoutes(deps),
    ...accountTokenRoutes(deps),
  ];
}

type RenderCallback = (err: Error | null, html?: string) => void;

/**
 * Renders a view, then wraps it in views/layout.ejs unless the view is rendered with `layout: false`.
 * Express puts `cache: true` into the locals when its view cache is on (the default under
 * NODE_ENV=production); it is handed to ejs as an option, so every template — view, layout and
 * their includes — is compiled once per process instead of on every request. Templates are
 * compiled without their indentation (`rmWhitespace`): the busiest pages repeat a small form per
 * card or shift, and a third of their bytes was leading spaces.
 */
function renderWithLayout(file: string, locals: object, callback: RenderCallback): void {
  const data = locals as Record<string, unknown>;
  const options = { cache: data.cache === true, rmWhitespace: true };
  ejs.renderFile(file, data, options, (err: Error | null, body?: string) => {
    if (err) return callback(err);
    if (data.layout === false) return callback(null, body);
    ejs.renderFile(path.join(viewsDir, 'layout.ejs'), { ...data, body }, options, callback);
  });
}
