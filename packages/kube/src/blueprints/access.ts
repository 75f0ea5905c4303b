import type { Preset, PresetComponent } from "./presets";

/**
 * What the person who ran a blueprint needs afterwards: where each UI is and
 * the charts' default credentials. Pure: the live Services, Ingresses and
 * Secrets in, text out. The credentials go into a DM to that person only.
 */

export interface LiveService {
  namespace: string;
  name: string;
  type: string;
  ports: number[];
  /** status.loadBalancer.ingress: ip or hostname. */
  external: string[];
}

export interface LiveIngress {
  namespace: string;
  name: string;
  /** Hosts with TLS get https. */
  rules: { host: string; tls: boolean; services: string[] }[];
}

export interface LiveSecret {
  namespace: string;
  name: string;
  /** base64 values, as the API returns them. */
  data: Record<string, string>;
}

export interface AccessEntry {
  label: string;
  /** An https/http URL when the cluster exposes it; else null and `command` says how to reach it. */
  url: string | null;
  command: string | null;
}

export interface CredentialEntry {
  label: string;
  username: string;
  password: string;
}

export interface AccessInfo {
  access: AccessEntry[];
  credentials: CredentialEntry[];
  /** Credentials the charts should have written but that were not found (named, never guessed). */
  missing: string[];
}

const named = (template: string, release: string) => template.replaceAll("{release}", release);
const decode = (value: string | undefined) =>
  value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");

function accessFor(
  component: PresetComponent,
  live: { services: LiveService[]; ingresses: LiveIngress[] },
): AccessEntry[] {
  return component.ui.map((ui) => {
    const service = named(ui.service, component.release);
    const path = ui.path ?? "/";
    const ingressRule = live.ingresses
      .filter((i) => i.namespace === component.namespace)
      .flatMap((i) => i.rules)
      .find((rule) => rule.services.includes(service));
    if (ingressRule) {
      return {
        label: ui.label,
        url: `${ingressRule.tls ? "https" : "http"}://${ingressRule.host}${path}`,
        command: null,
      };
    }
    const svc = live.services.find((s) => s.namespace === component.namespace && s.name === service);
    const external = svc?.type === "LoadBalancer" ? svc.external[0] : undefined;
    if (external) {
      const port = svc?.ports.includes(ui.port) ? ui.port : (svc?.ports[0] ?? ui.port);
      const scheme = port === 443 ? "https" : "http";
      const shownPort = port === 80 || port === 443 ? "" : `:${port}`;
      return { label: ui.label, url: `${scheme}://${external}${shownPort}${path}`, command: null };
    }
    const local = ui.port < 1024 ? 8000 + ui.port : ui.port;
    return {
      label: ui.label,
      url: null,
      command: `kubectl -n ${component.namespace} port-forward svc/${service} ${local}:${ui.port}  # then http://localhost:${local}${path}`,
    };
  });
}

export function accessInfo(
  components: PresetComponent[],
  live: { services: LiveService[]; ingresses: LiveIngress[]; secrets: LiveSecret[] },
): AccessInfo {
  const access = components.flatMap((c) => accessFor(c, live));
  const credentials: CredentialEntry[] = [];
  const missing: string[] = [];
  for (const component of components) {
    for (const cred of component.credentials) {
      const name = named(cred.secret, component.release);
      const secret = live.secrets.find((s) => s.namespace === component.namespace && s.name === name);
      const password = decode(secret?.data[cred.passwordKey]);
      const username =
        "value" in cred.username ? cred.username.value : decode(secret?.data[cred.username.key]);
      if (password === undefined || username === undefined) {
        missing.push(`${cred.label} (Secret ${component.namespace}/${name})`);
        continue;
      }
      credentials.push({ label: cred.label, username, password });
    }
  }
  return { access, credentials, missing };
}

/** The DM's text (markdown as Discord and the notification center show it). */
export function accessMessage(preset: Preset, info: AccessInfo): string {
  const lines: string[] = [];
  if (info.access.length) {
    lines.push("**Where to open it**");
    for (const a of info.access)
      lines.push(a.url ? `- ${a.label}: ${a.url}` : `- ${a.label}: \`${a.command}\``);
  }
  if (info.credentials.length) {
    lines.push("", "**Default credentials** (for you only; change them)");
    for (const c of info.credentials) lines.push(`- ${c.label}: \`${c.username}\` / ||\`${c.password}\`||`);
  }
  if (info.missing.length) lines.push("", `Not found yet: ${info.missing.join(", ")}.`);
  if (preset.nextSteps.length) lines.push("", "**Next steps**", ...preset.nextSteps.map((s) => `- ${s}`));
  if (preset.tips.length) lines.push("", "**Tips**", ...preset.tips.map((s) => `- ${s}`));
  return lines.join("\n");
}
