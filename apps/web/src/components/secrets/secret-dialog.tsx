"use client";
import type { ClusterSummary, VaultSecretSummary } from "@clustercord/contracts";
import { Dialog } from "@clustercord/ui";
import { useState } from "react";
import { ApplyPanel } from "./apply-panel";
import { DeletePanel } from "./delete-panel";
import { DiffPanel } from "./diff-panel";
import {
  DELETE_ADMINS_ONLY,
  keptText,
  keysText,
  placesOf,
  placeText,
  secretTypeLabel,
  shortTime,
  VIEWER_NOTICE,
} from "./format";
import { RotatePanel } from "./rotate-panel";
import { VersionsPanel } from "./versions-panel";

type Action = "apply" | "diff" | "rotate" | "versions" | "delete";

const actionLabel: Record<Action, string> = {
  apply: "Apply",
  diff: "Diff",
  rotate: "Rotate",
  versions: "Versions",
  delete: "Delete",
};

/**
 * One vault secret: its facts (type, home, keys, versions, places; never a
 * value) and, by role, its actions. Viewers get the facts and the versions.
 */
export function SecretDialog({
  secret,
  clusters,
  role,
  onClose,
}: {
  secret: VaultSecretSummary;
  clusters: readonly ClusterSummary[];
  role: { canOperate: boolean; isAdmin: boolean };
  onClose: () => void;
}) {
  const clusterNames = new Map(clusters.map((c) => [c.id, c.name]));
  const places = placesOf(secret, clusterNames);
  const home = places[0];
  const homeText = home ? placeText(home) : secret.namespace;
  const actions: Action[] = role.canOperate
    ? ["apply", "diff", "rotate", "versions", ...(role.isAdmin ? (["delete"] as const) : [])]
    : ["versions"];
  const [action, setAction] = useState<Action | null>(null);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Secret ${secret.name}`}
      description={`${secretTypeLabel[secret.type]} · v${secret.version} · home ${homeText}`}
      wide
    >
      <div className="cc-secrets-detail" data-secret={secret.name}>
        <dl className="cc-facts">
          <dt>Keys</dt>
          <dd className="cc-mono" data-testid="secret-keys">
            {keysText(secret.keys, 50)}
          </dd>
          <dt>Version</dt>
          <dd>
            v{secret.version} ({keptText(secret.versionsKept)})
          </dd>
          <dt>Updated</dt>
          <dd>
            {shortTime(secret.updatedAt)} by {secret.updatedBy}
          </dd>
          <dt>Applied to</dt>
          <dd>
            {secret.placements.length === 0 ? (
              "Not applied"
            ) : (
              <ul className="cc-secrets-places" aria-label="Applied to">
                {places
                  .filter((p) => p.version !== null)
                  .map((p) => (
                    <li key={`${p.clusterId}/${p.namespace}`}>
                      {placeText(p)} v{p.version}
                      {p.home ? " (home)" : ""}
                      {p.version !== null && p.version < secret.version ? " (behind)" : ""}
                    </li>
                  ))}
              </ul>
            )}
          </dd>
        </dl>
        <p className="cc-muted">Values not shown for security.</p>
        {!role.canOperate && <p className="cc-muted">{VIEWER_NOTICE}</p>}
        {role.canOperate && !role.isAdmin && <p className="cc-muted">{DELETE_ADMINS_ONLY}</p>}
        <div className="cc-secrets-tabs">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className="cc-button cc-button-secondary"
              aria-pressed={action === a}
              onClick={() => setAction(action === a ? null : a)}
            >
              {actionLabel[a]}
            </button>
          ))}
        </div>
        {action === "apply" && <ApplyPanel secret={secret} clusters={clusters} homeText={homeText} />}
        {action === "diff" && <DiffPanel secret={secret} places={places} />}
        {action === "rotate" && <RotatePanel secret={secret} />}
        {action === "versions" && <VersionsPanel secret={secret} canOperate={role.canOperate} />}
        {action === "delete" && <DeletePanel secret={secret} onDeleted={onClose} />}
      </div>
    </Dialog>
  );
}
