import { describe, expect, it } from "vitest";
import { applyJsonPatch, auditObjects, type KubeObject, planFix, type policies } from "../src/index";
import { bareDeployment, cronJob } from "./fixtures";

const digest = `sha256:${"ab".repeat(32)}`;

/** Apply the policy's fix and re-check with the same TS rule. */
function fixAndRecheck(policy: (typeof policies)[number]["key"], object: KubeObject, context = {}) {
  const plan = planFix(policy, object, context);
  const fixed = applyJsonPatch(object, plan?.ops ?? []);
  return { plan, fixed, remaining: auditObjects([fixed], [policy]) };
}

describe("planFix", () => {
  it("takes limits from observed usage with headroom, never below the request", () => {
    const d = bareDeployment("api", { resources: { requests: { cpu: "500m" } } });
    const { plan, fixed, remaining } = fixAndRecheck("require-limits", d, {
      usage: { web: { cpu: "120m", memory: "200Mi" } },
    });
    expect(plan?.fixed).toEqual(["web"]);
    expect(plan?.ops).toEqual([
      { op: "add", path: "/spec/template/spec/containers/0/resources/limits", value: { cpu: "500m" } },
      { op: "add", path: "/spec/template/spec/containers/0/resources/limits/memory", value: "304Mi" },
    ]);
    expect(
      (fixed.spec as { template: { spec: { containers: { resources: unknown }[] } } }).template.spec
        .containers[0]?.resources,
    ).toEqual({
      requests: { cpu: "500m" },
      limits: { cpu: "500m", memory: "304Mi" },
    });
    expect(remaining).toEqual([]);
  });

  it("falls back to the LimitRange default, and says why when there is neither", () => {
    const d = bareDeployment();
    const { plan, remaining } = fixAndRecheck("require-limits", d, {
      limitRangeDefault: { cpu: "1", memory: "512Mi" },
    });
    expect(plan?.ops).toEqual([
      { op: "add", path: "/spec/template/spec/containers/0/resources", value: { limits: { cpu: "1" } } },
      { op: "add", path: "/spec/template/spec/containers/0/resources/limits/memory", value: "512Mi" },
    ]);
    expect(remaining).toEqual([]);
    expect(planFix("require-limits", d)).toEqual({
      ruleId: "resource-limits",
      ops: [],
      fixed: [],
      unfixed: [
        {
          target: "web",
          reason: "no cpu usage is known for container web and the namespace has no LimitRange default",
        },
      ],
    });
  });

  it("writes probe skeletons from the container's ports (TCP for unnamed ports)", () => {
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "db" },
      spec: { containers: [{ name: "pg", image: "postgres:17.2", ports: [{ containerPort: 5432 }] }] },
    };
    const { plan, remaining } = fixAndRecheck("require-probes", pod);
    expect(plan?.ops[0]).toMatchObject({
      path: "/spec/containers/0/livenessProbe",
      value: { tcpSocket: { port: 5432 } },
    });
    expect(remaining).toEqual([]);
    const noPorts = structuredClone(pod);
    (noPorts.spec as { containers: Record<string, unknown>[] }).containers[0] = {
      name: "pg",
      image: "postgres:17.2",
    };
    expect(planFix("require-probes", noPorts)?.unfixed[0]?.reason).toMatch(/declares no ports/);
  });

  it("sets securityContext fields on every failing container without clobbering the earlier ones", () => {
    const d = bareDeployment("api");
    const spec = (d.spec as { template: { spec: { containers: unknown[]; securityContext?: unknown } } })
      .template.spec;
    spec.containers.push({ name: "sidecar", image: "envoy:1.31", securityContext: { runAsUser: 0 } });
    for (const key of ["run-as-non-root", "read-only-root-fs"] as const) {
      const { plan, remaining } = fixAndRecheck(key, d);
      expect(plan?.fixed, key).toEqual(["web", "sidecar"]);
      expect(remaining, key).toEqual([]);
    }
    const { fixed } = fixAndRecheck("run-as-non-root", d);
    expect(
      (fixed.spec as { template: { spec: { containers: { securityContext: unknown }[] } } }).template.spec
        .containers[1]?.securityContext,
    ).toEqual({ runAsUser: 65532, runAsNonRoot: true });
  });

  it("turns off privileged and hostNetwork", () => {
    const cj = cronJob([{ name: "r", image: "acme/report:1.0", securityContext: { privileged: true } }]);
    expect(fixAndRecheck("no-privileged", cj).remaining).toEqual([]);
    const hn = bareDeployment();
    (hn.spec as { template: { spec: Record<string, unknown> } }).template.spec.hostNetwork = true;
    const { plan, remaining } = fixAndRecheck("no-host-network", hn);
    expect(plan?.ops).toEqual([{ op: "replace", path: "/spec/template/spec/hostNetwork", value: false }]);
    expect(remaining).toEqual([]);
  });

  it("pins the image to the running digest when known", () => {
    const d = bareDeployment("api", { image: "registry.local:5000/team/api" });
    const { plan, remaining } = fixAndRecheck("no-latest-tag", d, { runningDigests: { web: digest } });
    expect(plan?.ops).toEqual([
      {
        op: "replace",
        path: "/spec/template/spec/containers/0/image",
        value: `registry.local:5000/team/api@${digest}`,
      },
    ]);
    expect(remaining).toEqual([]);
    const latest = bareDeployment();
    expect(planFix("no-latest-tag", latest, { runningDigests: { web: digest } })?.ops[0]).toMatchObject({
      value: `nginx@${digest}`,
    });
    expect(
      planFix("no-latest-tag", latest, { runningDigests: { web: "sha256:short" } })?.unfixed[0]?.reason,
    ).toMatch(/not known/);
  });

  it("returns null for an object that already complies", () => {
    const d = bareDeployment();
    expect(planFix("no-privileged", d)).toBeNull();
    expect(planFix("no-host-network", d)).toBeNull();
  });
});
