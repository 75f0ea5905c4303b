import { z } from "zod";
import { ActionPlan, ClusterId } from "./clusters";
import { NamespaceName } from "./pods";
import { KubeName } from "./streams";

/**
 * The secrets vault (guide feature 9). A vault secret belongs to a guild and
 * is named once there; its values are sealed with envelope encryption and
 * only ever leave the vault into a Kubernetes Secret. No output here carries
 * a value: keys, types, versions and places, and "values not shown".
 */

/** 1 MiB: an uploaded file or the whole form, counted in UTF-8 bytes. */
export const MAX_SECRET_BYTES = 1024 * 1024;

/** Kubernetes Secret data keys: `[-._a-zA-Z0-9]+`, at most 253 characters. */
export const SecretKeyName = z
  .string()
  .min(1, "a key may not be empty")
  .max(253, "a key has at most 253 characters")
  .regex(/^[-._a-zA-Z0-9]+$/, "a key may only hold letters, digits, '-', '_' and '.'");

export const VaultSecretType = z.enum(["Opaque", "kubernetes.io/dockerconfigjson", "kubernetes.io/tls"]);
export type VaultSecretType = z.infer<typeof VaultSecretType>;

/** An uploaded `.env`, YAML or JSON map; the format from the name or the content when "auto". */
const SecretFile = z.object({
  kind: z.literal("file"),
  filename: z.string().max(255).optional(),
  format: z.enum(["auto", "env", "yaml", "json"]).default("auto"),
  content: z.string().max(MAX_SECRET_BYTES + 1024),
});

/**
 * Where values come from: an uploaded file (`.env`, YAML or JSON map; the
 * format from the name or the content when "auto"), or the web form's
 * key/value rows. Checked whole (≤ 1 MiB, unique valid keys) before anything
 * is stored.
 */
export const SecretValuesSource = z.discriminatedUnion("kind", [
  SecretFile,
  z.object({
    kind: z.literal("entries"),
    entries: z
      .array(z.object({ key: z.string().max(300), value: z.string().max(MAX_SECRET_BYTES) }))
      .min(1, "give at least one key")
      .max(1000),
  }),
]);
export type SecretValuesSource = z.input<typeof SecretValuesSource>;

export const SecretName = KubeName;

export const SecretsCreateInput = z.object({
  name: SecretName,
  /** The secret's home: where `secrets.apply` puts it when not told otherwise. */
  clusterId: ClusterId,
  namespace: NamespaceName,
  type: VaultSecretType.default("Opaque"),
  values: SecretValuesSource,
});
export type SecretsCreateInput = z.input<typeof SecretsCreateInput>;

/** A place a secret was applied to, and which of its versions is there. */
export const SecretPlacement = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  namespace: z.string(),
  version: z.number().int(),
  appliedAt: z.string(),
  appliedBy: z.string(),
});
export type SecretPlacement = z.infer<typeof SecretPlacement>;

export const VaultSecretSummary = z.object({
  name: z.string(),
  type: VaultSecretType,
  clusterId: z.string(),
  namespace: z.string(),
  keys: z.array(z.string()),
  /** The newest version's number; versions count from 1. */
  version: z.number().int(),
  versionsKept: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  placements: z.array(SecretPlacement),
});
export type VaultSecretSummary = z.infer<typeof VaultSecretSummary>;

export const SecretsCreateOutput = z.object({ message: z.string(), secret: VaultSecretSummary });
export type SecretsCreateOutput = z.infer<typeof SecretsCreateOutput>;

export const SecretsListInput = z.object({
  /** Only secrets whose home or a placement is in this namespace. */
  namespace: NamespaceName.optional(),
  clusterId: ClusterId.optional(),
});
export const SecretsListOutput = z.object({ secrets: z.array(VaultSecretSummary) });
export type SecretsListOutput = z.infer<typeof SecretsListOutput>;

export const SecretRef = z.object({ name: SecretName });
export type SecretRef = z.infer<typeof SecretRef>;

/** Another place than the home: both or neither. */
export const SecretsApplyInput = SecretRef.extend({
  clusterId: ClusterId.optional(),
  namespace: NamespaceName.optional(),
});
export type SecretsApplyInput = z.input<typeof SecretsApplyInput>;
export const SecretsApplyOutput = z.object({
  /** "Secret 'db-creds' applied to namespace 'prod'". */
  message: z.string(),
  name: z.string(),
  namespace: z.string(),
  clusterName: z.string(),
  keys: z.array(z.string()),
  type: VaultSecretType,
  version: z.number().int(),
  appliedAt: z.string(),
  /** Whether the Kubernetes Secret was created, changed or already held these values. */
  result: z.enum(["created", "updated", "unchanged"]),
});
export type SecretsApplyOutput = z.infer<typeof SecretsApplyOutput>;

/** Compare the newest version with an uploaded file, or with the live Kubernetes Secret. */
export const SecretsDiffInput = SecretRef.extend({
  against: z.discriminatedUnion("kind", [
    SecretFile,
    z.object({
      kind: z.literal("live"),
      clusterId: ClusterId.optional(),
      namespace: NamespaceName.optional(),
    }),
  ]),
});
export type SecretsDiffInput = z.input<typeof SecretsDiffInput>;
export const SecretsDiffOutput = z.object({
  /** What was compared, in words: "the file updated.yaml", "the Secret in prod on cluster shared". */
  against: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
  unchanged: z.array(z.string()),
  /** Always "Values not shown for security". */
  note: z.string(),
});
export type SecretsDiffOutput = z.infer<typeof SecretsDiffOutput>;

export const RotateShape = z.enum(["password", "token", "hex", "base64"]);
export type RotateShape = z.infer<typeof RotateShape>;

/**
 * Which keys get which new values: generated (a shape and a length) or
 * uploaded. Keys not named keep their values; with neither, every key is
 * generated as a password.
 */
export const SecretsRotateSpec = SecretRef.extend({
  generate: z
    .array(
      z.object({
        key: SecretKeyName,
        shape: RotateShape.default("password"),
        length: z.number().int().min(8).max(512).default(32),
      }),
    )
    .max(1000)
    .default([]),
  values: SecretValuesSource.optional(),
  /** Restart the Deployments that use the secret where it is re-applied (rollout restart). */
  restartDeployments: z.boolean().default(false),
});
export type SecretsRotateSpec = z.input<typeof SecretsRotateSpec>;
export const SecretsPlanRotateOutput = ActionPlan.extend({
  keys: z.array(z.string()),
  /** Where the new version will be re-applied. */
  placements: z.array(z.object({ clusterName: z.string(), namespace: z.string() })),
  /** "namespace/name" of each Deployment that will be restarted. */
  restarts: z.array(z.string()),
});
export type SecretsPlanRotateOutput = z.infer<typeof SecretsPlanRotateOutput>;
export const SecretsRotateInput = SecretsRotateSpec.extend({ confirmToken: z.string().min(1).max(2000) });
export type SecretsRotateInput = z.input<typeof SecretsRotateInput>;
export const SecretsRotateOutput = z.object({
  message: z.string(),
  version: z.number().int(),
  keys: z.array(z.string()),
  reapplied: z.array(z.object({ clusterName: z.string(), namespace: z.string() })),
  restarted: z.array(z.string()),
});
export type SecretsRotateOutput = z.infer<typeof SecretsRotateOutput>;

export const SecretsPlanDeleteOutput = ActionPlan;
export const SecretsDeleteInput = SecretRef.extend({
  confirmToken: z.string().min(1).max(2000),
  /** Also delete the Kubernetes Secrets it was applied as (default: leave them). */
  deleteApplied: z.boolean().default(false),
});
export type SecretsDeleteInput = z.input<typeof SecretsDeleteInput>;
export const SecretsPlanDeleteInput = SecretRef.extend({ deleteApplied: z.boolean().default(false) });
export const SecretsDeleteOutput = z.object({ message: z.string() });

export const SecretVersionSummary = z.object({
  version: z.number().int(),
  keys: z.array(z.string()),
  reason: z.enum(["created", "rotated", "restored"]),
  createdAt: z.string(),
  createdBy: z.string(),
  /** "db-creds v3 (restored from v1)" and such. */
  note: z.string().optional(),
});
export type SecretVersionSummary = z.infer<typeof SecretVersionSummary>;
export const SecretsVersionsOutput = z.object({
  name: z.string(),
  current: z.number().int(),
  versions: z.array(SecretVersionSummary),
});
export type SecretsVersionsOutput = z.infer<typeof SecretsVersionsOutput>;

/** Makes a new version holding an older version's values, and re-applies it where the secret is applied. */
export const SecretsRestoreVersionInput = SecretRef.extend({ version: z.number().int().min(1) });
export const SecretsRestoreVersionOutput = z.object({
  message: z.string(),
  version: z.number().int(),
  restoredFrom: z.number().int(),
  reapplied: z.array(z.object({ clusterName: z.string(), namespace: z.string() })),
});
export type SecretsRestoreVersionOutput = z.infer<typeof SecretsRestoreVersionOutput>;
