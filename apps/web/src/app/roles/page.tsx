"use client";
import { type Role, roles } from "@clustercord/contracts";
import { Badge, Card, ErrorNotice, RoleBadge } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

export default function RolesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const list = useQuery(trpc.roles.list.queryOptions());
  const set = useMutation(
    trpc.roles.set.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.roles.list.queryKey() }),
    }),
  );
  const isAdmin = me.data?.guild?.role === "admin";

  return (
    <AppShell>
      <h1 className="cc-page-title">Roles</h1>
      <Card>
        <p className="cc-muted">
          Discord roles become ClusterCord roles: viewer (read, logs), operator (deploy, scale, exec), admin
          (clusters, secrets, policies). The server owner and roles with Administrator or Manage Server are
          always admins; members without a mapped role are viewers.
        </p>
        {(list.error ?? set.error) && <ErrorNotice>{userMessage(list.error ?? set.error)}</ErrorNotice>}
        {list.data && (
          <div className="cc-table-wrap">
            <table className="cc-table">
              <thead>
                <tr>
                  <th>Discord role</th>
                  <th>ClusterCord role</th>
                </tr>
              </thead>
              <tbody>
                {list.data.roles.map((r) => (
                  <tr key={r.discordRoleId}>
                    <td>{r.name}</td>
                    <td>
                      {r.grantsAdmin ? (
                        <Badge tone="accent">admin (Discord permissions)</Badge>
                      ) : isAdmin ? (
                        <select
                          aria-label={`ClusterCord role for ${r.name}`}
                          value={r.mapped ?? "none"}
                          disabled={set.isPending}
                          onChange={(e) =>
                            set.mutate({
                              discordRoleId: r.discordRoleId,
                              role: e.target.value as Role | "none",
                            })
                          }
                        >
                          <option value="none">not mapped (viewer)</option>
                          {roles.map((role) => (
                            <option key={role} value={role}>
                              {role}
                            </option>
                          ))}
                        </select>
                      ) : r.mapped ? (
                        <RoleBadge role={r.mapped} />
                      ) : (
                        <span className="cc-muted">not mapped</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </AppShell>
  );
}
