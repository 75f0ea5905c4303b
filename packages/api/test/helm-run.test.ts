import { describe, expect, it } from "vitest";
import { failureStatus, operationArgs } from "../src/services/helm-run";

const row = { release: "web", namespace: "team-a", createNamespace: false, targetRevision: null };

describe("what helm is told to do", () => {
  it("installs the downloaded chart, creating the namespace only when asked", () => {
    expect(
      operationArgs(
        { ...row, kind: "install" },
        { chartFile: "/w/nginx-1.2.0.tgz", reuseValues: false, timeoutSeconds: 300 },
      ),
    ).toEqual(["install", "web", "/w/nginx-1.2.0.tgz", "--namespace", "team-a"]);
    expect(
      operationArgs(
        { ...row, kind: "install", createNamespace: true },
        { chartFile: "/c.tgz", reuseValues: false, timeoutSeconds: 300 },
      ),
    ).toContain("--create-namespace");
  });

  it("upgrades atomically within the operator's timeout, keeping values when none were given", () => {
    expect(
      operationArgs(
        { ...row, kind: "upgrade" },
        { chartFile: "/c.tgz", reuseValues: true, timeoutSeconds: 45 },
      ),
    ).toEqual([
      "upgrade",
      "web",
      "/c.tgz",
      "--namespace",
      "team-a",
      "--atomic",
      "--timeout",
      "45s",
      "--reset-then-reuse-values",
    ]);
  });

  it("rolls back to the planned revision and uninstalls by name", () => {
    expect(
      operationArgs(
        { ...row, kind: "rollback", targetRevision: 3 },
        { reuseValues: true, timeoutSeconds: 1 },
      ),
    ).toEqual(["rollback", "web", "3", "--namespace", "team-a"]);
    expect(operationArgs({ ...row, kind: "uninstall" }, { reuseValues: true, timeoutSeconds: 1 })).toEqual([
      "uninstall",
      "web",
      "--namespace",
      "team-a",
    ]);
  });
});

describe("how a failed run ended", () => {
  it("says rolled-back when Helm's --atomic undid the upgrade", () => {
    expect(
      failureStatus(
        "upgrade",
        "UPGRADE FAILED: release web failed, and has been rolled back due to atomic being set: context deadline exceeded",
        false,
      ),
    ).toBe("rolled-back");
  });

  it("says cancelled when the person stopped it, failed otherwise", () => {
    expect(failureStatus("install", "The Helm operation was cancelled.", true)).toBe("cancelled");
    expect(failureStatus("install", "INSTALLATION FAILED: deployments.apps is forbidden", false)).toBe(
      "failed",
    );
  });
});
