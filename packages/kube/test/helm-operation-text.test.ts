import { describe, expect, it } from "vitest";
import { MASK, maskOutput, operationMessage } from "../src/helm/index";

describe("operationMessage", () => {
  it("says what happened, in one sentence per outcome", () => {
    const cases: [Parameters<typeof operationMessage>, string][] = [
      [
        ["install", { status: "succeeded", release: "web", chart: "nginx-1.2.0", revision: 1 }],
        "web installed: nginx-1.2.0 (revision 1)",
      ],
      [
        ["upgrade", { status: "succeeded", release: "web", chart: "nginx-2.0.0", revision: 2 }],
        "web upgraded to nginx-2.0.0 (revision 2)",
      ],
      [
        ["rollback", { status: "succeeded", release: "web", targetRevision: 1, revision: 3 }],
        "web rolled back to revision 1 (now revision 3)",
      ],
      [
        ["uninstall", { status: "succeeded", release: "web", chart: "nginx-2.0.0" }],
        "web uninstalled (nginx-2.0.0)",
      ],
      [
        ["install", { status: "running", release: "web", chart: "nginx-1.2.0" }],
        "web: installing nginx-1.2.0…",
      ],
      [
        ["rollback", { status: "running", release: "web", targetRevision: 1 }],
        "web: rolling back to revision 1…",
      ],
      [["uninstall", { status: "running", release: "web", chart: "nginx-1.2.0" }], "web: uninstalling…"],
      [
        [
          "upgrade",
          {
            status: "rolled-back",
            release: "web",
            chart: "nginx-2.0.0",
            targetRevision: 1,
            reason: "Error: context deadline exceeded\nmore detail",
          },
        ],
        "web upgrade to nginx-2.0.0 failed and was rolled back to revision 1: context deadline exceeded",
      ],
      [
        ["install", { status: "rolled-back", release: "web", chart: "nginx-1.2.0", reason: "timed out" }],
        "web install of nginx-1.2.0 failed and was removed again: timed out",
      ],
      [
        ["install", { status: "failed", release: "web", chart: "nginx-1.2.0", reason: "  " }],
        "web install of nginx-1.2.0 failed",
      ],
      [
        ["uninstall", { status: "failed", release: "web", reason: "forbidden" }],
        "web uninstall failed: forbidden",
      ],
      [
        ["upgrade", { status: "cancelled", release: "web", chart: "nginx-2.0.0" }],
        "web upgrade to nginx-2.0.0 was cancelled",
      ],
    ];
    for (const [args, expected] of cases) expect(operationMessage(...args)).toBe(expected);
  });

  it("keeps a long reason short", () => {
    const message = operationMessage("upgrade", {
      status: "failed",
      release: "web",
      reason: "x".repeat(1000),
    });
    expect(message.length).toBeLessThan(340);
    expect(message.endsWith("…")).toBe(true);
  });
});

describe("maskOutput", () => {
  it("replaces every secret and its base64 form, and nothing of it remains", () => {
    const secrets = ["hunter2-password", "tok-123456"];
    const output = [
      "Release web installed with password hunter2-password",
      `data:\n  password: ${Buffer.from("hunter2-password").toString("base64")}`,
      "token=tok-123456 and again tok-123456",
    ].join("\n");
    const masked = maskOutput(output, secrets);
    for (const secret of secrets) {
      expect(masked).not.toContain(secret);
      expect(masked).not.toContain(Buffer.from(secret).toString("base64"));
    }
    expect(masked).toBe(
      [
        `Release web installed with password ${MASK}`,
        `data:\n  password: ${MASK}`,
        `token=${MASK} and again ${MASK}`,
      ].join("\n"),
    );
  });

  it("masks a secret that contains another whole, and leaves very short strings alone", () => {
    expect(maskOutput("key abcd-efgh-ijkl end", ["abcd", "abcd-efgh-ijkl"])).toBe(`key ${MASK} end`);
    expect(maskOutput("replicas: 1, enabled: yes", ["1", "yes"])).toBe("replicas: 1, enabled: yes");
  });

  it("names a ClusterCord policy that refused the install, with where its fix is", () => {
    const message = operationMessage("install", {
      status: "failed",
      release: "web",
      chart: "nginx-1.2.0",
      reason:
        "INSTALLATION FAILED: 1 error occurred:\n\t* deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'clustercord-no-latest-tag' with binding 'clustercord-no-latest-tag' denied request: container web uses the latest tag [policy no-latest-tag]\n",
    });
    expect(message).toBe(
      "web install of nginx-1.2.0 failed: refused by policy Prevent latest tag (no-latest-tag): container web uses the latest tag. Fix the values, or see /policy fix violation:no-latest-tag",
    );
  });
});
