import { z } from "zod";
import { type PathSegment, Problems } from "./problems";

/**
 * The kubeconfig shape (client-go's clientcmd v1 Config). Fields we refuse
 * (exec, file paths…) are declared as unknown so validate.ts can name them;
 * everything else unknown is dropped, so it can never reach the output.
 */
const optionalString = z.string().optional();

export const clusterSchema = z.object({
  server: z.string(),
  "tls-server-name": optionalString,
  "insecure-skip-tls-verify": z.boolean().optional(),
  "certificate-authority": z.unknown().optional(),
  "certificate-authority-data": optionalString,
  "proxy-url": optionalString,
});

export const userSchema = z.object({
  token: optionalString,
  tokenFile: z.unknown().optional(),
  "token-file": z.unknown().optional(),
  "client-certificate": z.unknown().optional(),
  "client-certificate-data": optionalString,
  "client-key": z.unknown().optional(),
  "client-key-data": optionalString,
  username: optionalString,
  password: optionalString,
  exec: z.unknown().optional(),
  "auth-provider": z.unknown().optional(),
  as: z.unknown().optional(),
  "as-uid": z.unknown().optional(),
  "as-groups": z.unknown().optional(),
  "as-user-extra": z.unknown().optional(),
});

export const contextSchema = z.object({
  cluster: z.string(),
  user: z.string(),
  namespace: optionalString,
});

// kubectl writes `users: null` / `current-context: ""` for empty configs.
const list = <S extends z.ZodType>(item: S) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const kubeconfigSchema = z.object({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Config").optional(),
  clusters: list(z.object({ name: z.string(), cluster: clusterSchema })),
  contexts: list(z.object({ name: z.string(), context: contextSchema })),
  users: list(z.object({ name: z.string(), user: userSchema })),
  "current-context": z.string().nullish(),
});

export type RawKubeconfig = z.output<typeof kubeconfigSchema>;
export type RawCluster = z.output<typeof clusterSchema>;
export type RawUser = z.output<typeof userSchema>;

const expectedWords: Record<string, string> = {
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  number: "a number",
};

/** Validates the shape; problems name the path and what was expected, never the value given. */
export function parseKubeconfigShape(data: unknown): RawKubeconfig {
  const result = kubeconfigSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = new Problems();
  for (const issue of result.error.issues) {
    problems.add(issue.path as PathSegment[], describeIssue(issue, valueAt(data, issue.path)));
  }
  problems.throwIfAny();
  throw new Error("unreachable: zod failed without issues");
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined && issue.code === "invalid_type") return "is required";
  switch (issue.code) {
    case "invalid_type":
      return `expected ${expectedWords[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    default:
      return "is not valid here";
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
