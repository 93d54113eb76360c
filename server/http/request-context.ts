import type { AppRole } from '../../generated/prisma/enums';

/** The signed-in user as every route sees it. */
export interface CurrentUser {
  id: number;
  email: string;
  role: AppRole;
  staffId: number | null;
  siteId: number | null;
  displayName: string;
  /** Signed in with a one-time password: must choose their own before anything else. */
  mustChangePassword: boolean;
}

export interface Flash {
  kind: 'success' | 'error' | 'info';
  message: string;
}

declare global {
  // Express's own extension point for request properties.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: CurrentUser;
      /** Hashed id of the server-side session row, when signed in. */
      sessionId?: string;
      csrfToken: string;
    }
  }
}
