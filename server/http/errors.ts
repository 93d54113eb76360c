/** Messages shown to users, kept in one place (as Ghost does). */
export const messages = {
  notFound: 'We could not find that page.',
  forbidden: 'Your account does not have access to this page.',
  csrf: 'This form has expired or was sent from another site. Reload the page and try again.',
  signInFailed: 'That email and password do not match an active account.',
  tooManySignIns: 'Too many sign-in attempts. Wait a few minutes and try again.',
  tooManyPasswordChecks: 'Too many wrong current passwords. Wait a few minutes and try again.',
  repeatedField: 'Send this field once.',
  validation: 'Some fields need your attention.',
  badRequest: 'This request was not accepted.',
  tooLarge: 'This request is too large. Shorten what you entered and try again.',
  tooManyFields: 'This form has too many fields.',
  unreadable: 'The request could not be read.',
  unsupportedCharset: 'This request uses a character set the app does not read; send UTF-8.',
  internal: 'Something went wrong on our side. The error has been logged.',
} as const;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string = messages.notFound) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string = messages.forbidden) {
    super(403, message);
    this.name = 'ForbiddenError';
  }
}

/** A form that failed validation; routes catch it and re-render the form with status 400. */
export class ValidationError extends HttpError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message: string = messages.validation,
  ) {
    super(400, message);
    this.name = 'ValidationError';
  }
}

/** A change lost a race with another user's change (optimistic concurrency). */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}
