import { describe, expect, it } from "vitest";
import { parsePolicyAnswer } from "../src/index";

describe("parsePolicyAnswer", () => {
  it("names the policy behind a Deny", () => {
    expect(
      parsePolicyAnswer(
        `pods "web" is forbidden: ValidatingAdmissionPolicy 'clustercord-no-privileged' with binding 'clustercord-no-privileged' denied request: privileged containers are not allowed (securityContext.privileged must not be true) [policy no-privileged]`,
      ),
    ).toEqual({
      policy: "no-privileged",
      title: "Prevent privileged containers",
      severity: "CRITICAL",
      action: "deny",
      message: "privileged containers are not allowed (securityContext.privileged must not be true)",
    });
  });

  it("names the policy behind a Warn", () => {
    expect(
      parsePolicyAnswer(
        "Validation failed for ValidatingAdmissionPolicy 'clustercord-require-limits' with binding 'clustercord-require-limits': every container needs CPU and memory limits [policy require-limits]",
      ),
    ).toMatchObject({ policy: "require-limits", action: "warn", severity: "HIGH" });
  });

  it("ignores other policies and other errors", () => {
    expect(
      parsePolicyAnswer(
        "ValidatingAdmissionPolicy 'team-policy' with binding 'team-binding' denied request: no",
      ),
    ).toBeNull();
    expect(
      parsePolicyAnswer(
        "ValidatingAdmissionPolicy 'clustercord-be-nice' with binding 'x' denied request: no",
      ),
    ).toBeNull();
    expect(
      parsePolicyAnswer(
        "exceeded quota: compute, requested: limits.cpu=2, used: limits.cpu=4, limited: limits.cpu=5",
      ),
    ).toBeNull();
  });
});
