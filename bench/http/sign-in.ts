/** Signs in through the real sign-in form of the server at `base`; returns the session cookie (`rx_sid=…`). */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const anon = (page.headers.getSetCookie().find((c) => c.startsWith('rx_csrf=')) ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('rx_sid='));
  if (res.status !== 303 || !sid) throw new Error(`Sign-in as ${email} failed (${res.status})`);
  return sid.split(';')[0]!;
}
