import { collectCspViolations, expect, test } from "./fixtures";

/** The nonce in a CSP's script-src, and that directive. */
function scriptPolicy(csp: string | undefined) {
  const directive =
    (csp ?? "")
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src ")) ?? "";
  return { directive, nonce: /'nonce-([^']+)'/.exec(directive)?.[1] ?? "" };
}

test("every page response has its own script nonce, carried by each of its scripts", async ({
  request,
  stack,
}) => {
  const nonces: string[] = [];
  for (const path of ["/", "/", "/no-such-page"]) {
    const res = await request.get(`${stack.webUrl}${path}`, {
      // A client-chosen nonce is never the one used.
      headers: { "content-security-policy": "script-src 'nonce-chosen-by-client'" },
    });
    const { directive, nonce } = scriptPolicy(res.headers()["content-security-policy"]);
    expect(directive).toContain("'strict-dynamic'");
    expect(directive).not.toContain("'unsafe-inline'");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const html = await res.text();
    expect(html).not.toContain("chosen-by-client");
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(3); // Next's chunks and inline bootstrap
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(new Set(nonces).size).toBe(nonces.length);
});

test("an inline script injected into a page is refused, and the page still works", async ({
  browser,
  stack,
}) => {
  // Its own context: the violation is expected here, not in the shared check.
  const context = await browser.newContext();
  const violations = collectCspViolations(context);
  const page = await context.newPage();
  // Stored XSS stand-in: the HTML as served, with attacker markup inside.
  await page.route(`${stack.webUrl}/`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      "<body>",
      `<body><script>window.__injected = "plain"</script><script nonce="guessed">window.__injected = "guessed"</script>`,
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto(stack.webUrl);
  await expect.poll(() => violations.filter((v) => /inline script/i.test(v)).length).toBe(2);
  expect(await page.evaluate(() => (window as { __injected?: string }).__injected)).toBeUndefined();
  // Next's own (nonced) scripts ran: the client-side sign-in button takes the browser to Discord.
  await page.getByRole("button", { name: "Sign in with Discord" }).click();
  await page.waitForURL((url) => url.origin === new URL(stack.discord.webBase).origin);
  await context.close();
});
