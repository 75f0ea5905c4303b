import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { helmFailure, helmGlobalArgs, helmKubeconfigYaml, lastHelmError } from "../src/helm/run-args";
import type { SelectedContext } from "../src/kubeconfig";

const cluster: SelectedContext = {
  contextName: "prod",
  server: "https://k8s.example.com:6443",
  caData: "Q0EtREFUQQ==",
  insecureSkipTlsVerify: false,
  tlsServerName: "k8s.internal",
  namespace: "ignored",
  credentials: { kind: "token", token: "tok-123456" },
};

describe("helm's kubeconfig", () => {
  it("holds the cluster's server, CA and credentials inline, and nothing else", () => {
    const config = parse(helmKubeconfigYaml(cluster));
    expect(config["current-context"]).toBe("selected");
    expect(config.clusters[0].cluster).toEqual({
      server: "https://k8s.example.com:6443",
      "certificate-authority-data": "Q0EtREFUQQ==",
      "tls-server-name": "k8s.internal",
    });
    expect(config.users[0].user).toEqual({ token: "tok-123456" });
    expect(JSON.stringify(config)).not.toMatch(/exec|client-certificate"|tokenFile|auth-provider/);
  });

  it("writes client certificates as data, and basic auth, as kubeconfig spells them", () => {
    const cert = parse(
      helmKubeconfigYaml({
        ...cluster,
        credentials: { kind: "clientCertificate", certData: "Q0VSVA==", keyData: "S0VZ" },
      }),
    );
    expect(cert.users[0].user).toEqual({ "client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ" });
    const basic = parse(
      helmKubeconfigYaml({
        ...cluster,
        insecureSkipTlsVerify: true,
        credentials: { kind: "basic", username: "u", password: "p" },
      }),
    );
    expect(basic.users[0].user).toEqual({ username: "u", password: "p" });
    expect(basic.clusters[0].cluster["insecure-skip-tls-verify"]).toBe(true);
  });
});

describe("helm's global flags", () => {
  it("act as the person: one --kube-as-group per group", () => {
    expect(
      helmGlobalArgs("/w/run-1/kubeconfig", {
        user: "clustercord:discord:1",
        groups: ["clustercord:guild:2:operator", "extra"],
      }),
    ).toEqual([
      "--kubeconfig",
      "/w/run-1/kubeconfig",
      "--kube-as-user",
      "clustercord:discord:1",
      "--kube-as-group",
      "clustercord:guild:2:operator",
      "--kube-as-group",
      "extra",
    ]);
  });

  it("refuse to run without a person", () => {
    expect(() => helmGlobalArgs("/k", { user: "", groups: [] })).toThrow(/impersonation.user is required/);
  });
});

describe("helm's failures", () => {
  it("are reduced to helm's last Error: line", () => {
    const stderr =
      "walk.go:74: found symbolic link\nError: INSTALLATION FAILED: first\nsome noise\nError: UPGRADE FAILED: second\n";
    expect(lastHelmError(stderr)).toBe("UPGRADE FAILED: second");
    expect(lastHelmError("only a line\n\n")).toBe("only a line");
    expect(lastHelmError("")).toBe("");
  });

  it("say FORBIDDEN when Kubernetes refused the person", () => {
    const error = helmFailure(
      'Error: INSTALLATION FAILED: deployments.apps is forbidden: User "clustercord:discord:1" cannot create resource "deployments" in the namespace "other"\n',
      { mask: (t) => t, hide: [], exitCode: 1 },
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.userMessage).toMatch(/^Helm: INSTALLATION FAILED: deployments.apps is forbidden/);
  });

  it("classify not found, conflicts, bad input and the rest", () => {
    const code = (line: string) =>
      helmFailure(`Error: ${line}`, { mask: (t) => t, hide: [], exitCode: 1 }).code;
    expect(code("release: not found")).toBe("NOT_FOUND");
    expect(code("INSTALLATION FAILED: cannot re-use a name that is still in use")).toBe("CONFLICT");
    expect(code("values don't meet the specifications of the schema(s): port: Invalid type")).toBe(
      "BAD_REQUEST",
    );
    expect(code("Kubernetes cluster unreachable: dial tcp 10.0.0.1:443: i/o timeout")).toBe("UPSTREAM");
  });

  it("mask secrets and hide the private kubeconfig's path", () => {
    const error = helmFailure("Error: open /work/helm/run-abc/kubeconfig: bad value hunter22\n", {
      mask: (t) => t.replaceAll("hunter22", "••••••"),
      hide: ["/work/helm/run-abc/kubeconfig", "/work/helm/run-abc"],
      exitCode: 1,
    });
    expect(error.userMessage).toBe("Helm: open …: bad value ••••••");
    expect(`${error.message} ${error.userMessage}`).not.toMatch(/hunter22|run-abc|kubeconfig/);
  });
});
