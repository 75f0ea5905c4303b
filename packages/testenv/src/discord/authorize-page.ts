import type { DiscordFixture } from "./fixture";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The stand-in's consent screen: one submit button per fixture user, named by
 * username (so tests can click "alice"), with all OAuth parameters carried as
 * hidden fields. No scripts; works on a phone.
 */
export function renderAuthorizePage(options: {
  fixture: DiscordFixture;
  params: URLSearchParams;
  scopes: string[];
}): string {
  const hidden = [...options.params]
    .filter(([name]) => name !== "username")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n      ");
  const users = options.fixture.users
    .map(
      (user) => `<li>
          <button type="submit" name="username" value="${escapeHtml(user.username)}" aria-describedby="u-${user.id}">${escapeHtml(user.username)}</button>
          <span id="u-${user.id}">${escapeHtml(user.globalName ?? user.username)}</span>
        </li>`,
    )
    .join("\n        ");
  const app = escapeHtml(options.fixture.application.name);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Authorize ${app} - Discord stand-in</title>
  <style>
    :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
    body { margin: 0; padding: 1rem; display: flex; justify-content: center; }
    main { width: 100%; max-width: 28rem; }
    h1 { font-size: 1.25rem; }
    ul { list-style: none; padding: 0; display: grid; gap: 0.5rem; }
    li { display: flex; align-items: center; gap: 0.75rem; }
    button { min-height: 44px; min-width: 8rem; font-size: 1rem; padding: 0.5rem 1rem;
      border-radius: 6px; border: 1px solid #5865f2; background: #5865f2; color: #fff; cursor: pointer; }
    button.secondary { background: transparent; color: inherit; border-color: #888; }
    button:focus-visible { outline: 3px solid #ffb300; outline-offset: 2px; }
    span { overflow-wrap: anywhere; }
    p { overflow-wrap: anywhere; }
  </style>
</head>
<body>
  <main>
    <h1>${app} wants to access your Discord account</h1>
    <p>Local Discord stand-in: pick who you are. Scopes: ${escapeHtml(options.scopes.join(", "))}.</p>
    <form method="post" action="/oauth2/authorize">
      ${hidden}
      <ul>
        ${users}
      </ul>
      <button type="submit" name="deny" value="1" class="secondary">Cancel</button>
    </form>
  </main>
</body>
</html>
`;
}

export function renderErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorization error - Discord stand-in</title></head>
<body><main><h1>Authorization error</h1><p role="alert">${escapeHtml(message)}</p></main></body>
</html>
`;
}
