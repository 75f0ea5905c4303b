import type { APIEmbed } from "discord.js";
import { code, colors, embedLimits, plain } from "./style";

/** `/cluster namespaces`: the namespaces the cluster lets this person work in. */
export function renderNamespaces(clusterName: string, namespaces: string[]): APIEmbed {
  const title = `Your namespaces on ${plain(clusterName, 200)}`;
  if (namespaces.length === 0) {
    return { title, color: colors.brand, description: "The cluster shows you no namespaces." };
  }
  const lines: string[] = [];
  let size = 0;
  for (const namespace of namespaces) {
    const line = `• ${code(namespace, 100)}`;
    if (size + line.length + 1 > embedLimits.description - 100) break;
    lines.push(line);
    size += line.length + 1;
  }
  const omitted = namespaces.length - lines.length;
  return {
    title,
    color: colors.brand,
    description: lines.join("\n"),
    ...(omitted ? { footer: { text: `and ${omitted} more` } } : {}),
  };
}

/** `/cluster my-namespace`: the person's own namespace, created or re-applied. */
export function renderPersonalNamespace(clusterName: string, namespace: string): APIEmbed {
  return {
    title: `Your namespace on ${plain(clusterName, 200)}`,
    color: colors.ok,
    description: `${code(namespace, 100)} is ready, with this server's quota and policies. Only you are bound to it.`,
  };
}
