"use client";
import { Card, EmptyState, ErrorNotice, RoleBadge } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";
import { useSelectGuild } from "~/lib/use-select-guild";

export default function GuildsPage() {
  const trpc = useTRPC();
  const guilds = useQuery(trpc.guilds.list.queryOptions());
  const select = useSelectGuild();

  return (
    <AppShell>
      <Card title="Pick a Discord server">
        <p className="cc-muted">ClusterCord acts in one server at a time, with your role there.</p>
        {guilds.isPending && <p className="cc-muted">Loading your servers…</p>}
        {guilds.error && <ErrorNotice>{userMessage(guilds.error)}</ErrorNotice>}
        {select.error && <ErrorNotice>{userMessage(select.error)}</ErrorNotice>}
        {guilds.data?.guilds.length === 0 && (
          <EmptyState>
            None of your servers has the ClusterCord bot yet.
            {guilds.data.invitable.length > 0
              ? " Add it to one of yours below, then come back."
              : " Ask a server's admin to add it, then come back."}
          </EmptyState>
        )}
        <ul className="cc-guild-list">
          {guilds.data?.guilds.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                className="cc-guild"
                aria-pressed={g.active}
                disabled={select.isPending}
                onClick={() => select.mutate({ guildId: g.id })}
              >
                <span className="cc-guild-name">{g.name}</span>
                <RoleBadge role={g.role} />
                {g.active && <span className="cc-muted">active</span>}
              </button>
            </li>
          ))}
        </ul>
      </Card>
      {guilds.data && guilds.data.invitable.length > 0 && (
        <Card title="Add ClusterCord to a server">
          <p className="cc-muted">
            Servers you manage without the bot. Discord asks you to confirm; the bot only needs to see, send,
            embed and attach in the channels it posts to.
          </p>
          <ul className="cc-guild-list">
            {guilds.data.invitable.map((g) => (
              <li key={g.id}>
                <a className="cc-guild" href={g.inviteUrl} rel="noopener noreferrer" target="_blank">
                  <span className="cc-guild-name">{g.name}</span>
                  <span className="cc-muted">Add the bot</span>
                </a>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </AppShell>
  );
}
