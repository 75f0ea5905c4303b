import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { clusterSetup, SETUP_CLUSTER_ROLE } from "../src/setup/index";
import { planDedicatedAccess, planGuildTenancy } from "../src/tenancy/index";
import { CLUSTER_READER_ROLE } from "../src/tenancy/plan";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
const setup = clusterSetup();
const objects = parseAllDocuments(setup.manifest).map((d) => d.toJS()) as {
  kind: string;
  metadata: { name: string };
  rules?: Rule[];
}[];
const rules = objects.find((o) => o.kind === "ClusterRole")?.rules ?? [];
const allows = (verb: string, group: string, resource: string, name?: string) =>
  rules.some(
    (r) =>
      (r.apiGroups.includes(group) || r.apiGroups.includes("*")) &&
      (r.resources.includes(resource) || r.resources.includes("*")) &&
      (r.verbs.includes(verb) || r.verbs.includes("*")) &&
      (!r.resourceNames || (name !== undefined && r.resourceNames.includes(name))),
  );
const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "");
const plural: Record<string, string> = {
  Namespace: "namespaces",
  ResourceQuota: "resourcequotas",
  LimitRange: "limitranges",
  NetworkPolicy: "networkpolicies",
  RoleBinding: "rolebindings",
  ClusterRoleBinding: "clusterrolebindings",
  ClusterRole: "clusterroles",
};

describe("the cluster setup manifest", () => {
  it("is the namespace, service account, token, role and binding, in applying order", () => {
    expect(objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "Secret",
      "ClusterRole",
      "ClusterRoleBinding",
    ]);
    expect(objects.find((o) => o.kind === "ClusterRoleBinding")?.metadata.name).toBe(SETUP_CLUSTER_ROLE);
    expect(setup.commands[0]).toMatch(
      new RegExp(`^kubectl apply -f ${setup.filename} && kubectl -n clustercord wait `),
    );
    expect(setup.commands[1]).toContain(`> ${setup.kubeconfigFilename}`);
  });

  it("lets ClusterCord impersonate and read, and apply every object tenancy plans", () => {
    expect(allows("impersonate", "", "users")).toBe(true);
    expect(allows("impersonate", "", "groups")).toBe(true);
    expect(allows("impersonate", "", "serviceaccounts")).toBe(false);
    for (const kind of ["pods", "secrets", "nodes", "widgets"]) expect(allows("watch", "", kind)).toBe(true);
    const planned = [...planGuildTenancy({ guildId: "200000000000000001" }), ...planDedicatedAccess("2")];
    for (const object of planned) {
      const name = object.metadata?.name;
      const resource = plural[object.kind ?? ""] ?? "?";
      // Server-side apply creates or patches.
      for (const verb of ["create", "patch"]) {
        const ok =
          resource === "clusterroles" && verb === "create"
            ? allows(verb, "rbac.authorization.k8s.io", resource)
            : allows(verb, groupOf(object.apiVersion ?? ""), resource, name);
        expect(ok, `${verb} ${resource}/${name}`).toBe(true);
      }
      const roleRef = (object as { roleRef?: { name: string } }).roleRef?.name;
      if (roleRef)
        expect(allows("bind", "rbac.authorization.k8s.io", "clusterroles", roleRef), roleRef).toBe(true);
    }
  });

  it("writes nothing people do themselves: workloads, Secrets, other ClusterRoles", () => {
    for (const [group, resource] of [
      ["", "pods"],
      ["", "secrets"],
      ["apps", "deployments"],
      ["", "serviceaccounts"],
      ["rbac.authorization.k8s.io", "roles"],
    ] as const) {
      for (const verb of ["create", "update", "patch", "delete"])
        expect(allows(verb, group, resource)).toBe(false);
    }
    expect(allows("patch", "rbac.authorization.k8s.io", "clusterroles", "cluster-admin")).toBe(false);
    expect(allows("bind", "rbac.authorization.k8s.io", "clusterroles", "cluster-admin")).toBe(false);
    expect(allows("escalate", "rbac.authorization.k8s.io", "clusterroles", CLUSTER_READER_ROLE)).toBe(false);
  });
});
