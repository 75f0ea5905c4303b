import { registerSecret } from "./leak-check";

/**
 * Signs in to ClusterCord through the full OAuth redirect flow, as a browser
 * would but with fetch: next-auth's CSRF + sign-in POST, the Discord
 * stand-in's authorize page (picking a user), the callback, and back. Returns
 * the session cookie header to send with API calls.
 */
export async function signInThroughOAuth(webUrl: string, username: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  };
  const origin = new URL(webUrl).origin;
  const ours = (url: string) => new URL(url).origin === origin;

  const csrfRes = await fetch(`${webUrl}/api/auth/csrf`);
  remember(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };

  let res = await fetch(`${webUrl}/api/auth/signin/discord`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${webUrl}/dashboard` }),
  });
  remember(res);
  const authorizeUrl = res.headers.get("location");
  if (!authorizeUrl || ours(authorizeUrl))
    throw new Error(`sign-in did not redirect to Discord: ${res.status} ${authorizeUrl}`);

  // The stand-in's user picker: submit the form for `username`.
  const page = await fetch(authorizeUrl);
  if (!page.ok) throw new Error(`authorize page failed: ${page.status} ${await page.text()}`);
  const picked = await fetch(new URL("/oauth2/authorize", authorizeUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...Object.fromEntries(new URL(authorizeUrl).searchParams), username }),
  });
  const callback = picked.headers.get("location");
  if (!callback || !ours(callback))
    throw new Error(`authorize did not redirect back: ${picked.status} ${await picked.text()}`);

  res = await fetch(callback, { redirect: "manual", headers: { cookie: cookieHeader() } });
  remember(res);
  if (res.status !== 302) throw new Error(`callback failed: ${res.status} ${await res.text()}`);
  const session = [...jar].find(([k]) => k.endsWith("next-auth.session-token"));
  if (!session)
    throw new Error(`no session cookie after callback (redirected to ${res.headers.get("location")})`);
  registerSecret(session[1], "session cookie");
  return `${session[0]}=${session[1]}`;
}
