// The one spelling of an email address: a pure rule the sign-in and staff forms share.

/**
 * The one form of an email address used for signing in, counting attempts and storing accounts:
 * compatibility characters folded (NFKC: a full-width "ａ" is "a"), whitespace and zero-width
 * characters at the ends removed (spaces, tabs, no-break spaces), lower-cased.
 */
export function normaliseEmail(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/g, '')
    .toLowerCase();
}
