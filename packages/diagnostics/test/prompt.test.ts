import { describe, expect, it } from "vitest";
import {
  AI_SYSTEM_PROMPT,
  buildAiPrompt,
  buildContext,
  createRedactor,
  diagnosePod,
  literalEnvValues,
  REDACTED,
} from "../src/index";
import { container, crashStatus, NS, pod } from "./fixtures";

const LICENSE = "lic-7f3a9c21-value"; // a literal env value of the container
const DB_PASSWORD = "hunter2-db-Pa55";
const TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";

/** A crash loop whose last log lines print credentials in several shapes. */
function crashFindings() {
  const p = pod("api-0", {
    containers: [
      container("api", {
        env: [
          { name: "LICENSE_KEY", value: LICENSE },
          { name: "MODE", value: "prod" },
        ],
      }),
    ],
    statuses: [crashStatus("api", 1)],
  });
  // The analyzers quote a crashed container's last 5 lines: all of these.
  const logs = [
    `connecting with DB_PASSWORD=${DB_PASSWORD}`,
    `license ${LICENSE} accepted`,
    `pushing with token ${TOKEN}`,
    "dsn postgres://app:s3cretPw@db.shop:5432/app",
    `fatal: config missing {"password": "${DB_PASSWORD}"}`,
  ];
  const findings = diagnosePod(
    buildContext({ pods: [p], logs: [{ namespace: NS, pod: "api-0", container: "api", lines: logs }] }),
    { namespace: NS, name: "api-0" },
  );
  return { p, findings };
}

describe("the AI prompt", () => {
  it("is an OpenAI chat request: the system prompt names the findings as ground truth, streaming on", () => {
    const { p, findings } = crashFindings();
    const built = buildAiPrompt({
      model: "llama3",
      question: "why does api keep restarting?",
      target: { kind: "Pod", namespace: NS, name: "api-0" },
      findings,
      sensitiveValues: literalEnvValues([p]),
    });
    expect(built.request.model).toBe("llama3");
    expect(built.request.stream).toBe(true);
    expect(built.request.messages[0]).toEqual({ role: "system", content: AI_SYSTEM_PROMPT });
    expect(AI_SYSTEM_PROMPT).toMatch(/ground truth/);
    const user = built.request.messages[1]?.content ?? "";
    expect(user).toContain("Question: why does api keep restarting?");
    expect(user).toContain(`Diagnosed: Pod ${NS}/api-0`);
    expect(user).toContain("pod.crash-loop.app-error");
    expect(user).toContain("exitCode: 1");
    // Log lines are kept (they explain the crash)...
    expect(user).toContain("log of api: fatal: config missing");
    expect(user).toContain(`{"password": ${REDACTED}}`);
    expect(built.cut).toBeNull();
  });

  it("redacts env values, credentials by shape and known values, in log lines and the question", () => {
    const { p, findings } = crashFindings();
    const built = buildAiPrompt({
      model: "m",
      question: `is ${LICENSE} or password=${DB_PASSWORD} the problem?`,
      target: { kind: "Pod", namespace: NS, name: "api-0" },
      findings,
      sensitiveValues: literalEnvValues([p]),
    });
    const text = JSON.stringify(built.request);
    for (const secret of [LICENSE, DB_PASSWORD, TOKEN, "s3cretPw"]) expect(text).not.toContain(secret);
    const user = built.request.messages[1]?.content ?? "";
    expect(user).toContain(`DB_PASSWORD=${REDACTED}`);
    expect(user).toContain(`license ${REDACTED} accepted`);
    expect(user).toContain(`postgres://app:${REDACTED}@db.shop`);
    // "prod" is too short to be treated as a known value: it would blank ordinary words.
    expect(literalEnvValues([p])).toEqual([LICENSE, "prod"]);
    expect(built.redactions).toBeGreaterThanOrEqual(6);
  });

  it("caps the prompt, keeping findings before log lines, and says what was cut", () => {
    const {
      findings: [crash],
    } = crashFindings();
    if (!crash) throw new Error("no crash finding");
    const noise = Array.from({ length: 400 }, (_, i) => ({
      source: "log" as const,
      label: "log of api",
      value: `INFO request ${i} took ${i}ms ${"x".repeat(40)}`,
    }));
    const findings = [{ ...crash, evidence: [...crash.evidence, ...noise] }];
    const built = buildAiPrompt({
      model: "m",
      question: "why?",
      target: { kind: "Pod", namespace: NS, name: "api-0" },
      findings,
      maxBytes: 4096,
    });
    const user = built.request.messages[1]?.content ?? "";
    expect(new TextEncoder().encode(user).length).toBeLessThanOrEqual(4096);
    expect(user).toContain("pod.crash-loop.app-error");
    expect(built.cut?.findings).toBe(0);
    expect(built.cut?.logLines).toBeGreaterThan(0);
    expect(user).toMatch(/Cut to stay under 4 KiB: 0 finding\(s\) and \d+ log line\(s\) left out/);
  });

  it("says so when there are no findings", () => {
    const built = buildAiPrompt({
      model: "m",
      question: "is it healthy?",
      target: { kind: "Namespace", name: NS },
      findings: [],
    });
    expect(built.request.messages[1]?.content).toContain("Rule-based findings: none");
  });
});

describe("the redactor", () => {
  it.each([
    ["Authorization: Bearer abcdefghijklmnop1234", "Authorization: [redacted]"],
    ["export API_URL=https://internal.example", "export API_URL=[redacted]"],
    ["client-key-data: LS0tLS1CRUdJTiBSU0Eg", "client-key-data: [redacted]"],
    ["aws AKIAABCDEFGHIJKLMNOP here", "aws [redacted] here"],
    ["GET /api/items/3 status=200 duration=5ms", "GET /api/items/3 status=200 duration=5ms"],
    [
      "Failed to pull image: unauthorized: authentication required",
      "Failed to pull image: unauthorized: authentication required",
    ],
  ])("%s → %s", (input, output) => {
    expect(createRedactor().redact(input)).toBe(output);
  });
});
