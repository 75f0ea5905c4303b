"use client";
import type { ClusterSummary, MeOutput } from "@clustercord/contracts";
import { Avatar, RoleBadge, SwitcherMenu } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import {
  Bell,
  BellRing,
  Boxes,
  Camera,
  CircleDollarSign,
  FileCheck,
  FileText,
  Gauge,
  HeartPulse,
  KeyRound,
  LayoutDashboard,
  ListChecks,
  LogOut,
  type LucideIcon,
  Server,
  Settings,
  Shield,
  ShieldAlert,
  ShieldCheck,
  Ship,
  Users,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useTRPC } from "~/lib/trpc";
import { useSelectGuild } from "~/lib/use-select-guild";
import { type Area, type AreaId, areaOf } from "./areas";

const icons: Record<AreaId, LucideIcon> = {
  dashboard: LayoutDashboard,
  clusters: Server,
  overview: Gauge,
  pods: Boxes,
  resources: FileText,
  jobs: ListChecks,
  snapshots: Camera,
  helm: Ship,
  apply: FileCheck,
  policies: ShieldAlert,
  health: HeartPulse,
  alerts: BellRing,
  cost: CircleDollarSign,
  servers: Users,
  roles: Shield,
  secrets: KeyRound,
  audit: ShieldCheck,
  notifications: Bell,
  settings: Settings,
};

/** The server switcher: your Discord servers with the bot; picking one acts there (guilds.select). */
function ServerSwitcher({ me }: { me: MeOutput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const guilds = useQuery(trpc.guilds.list.queryOptions());
  const select = useSelectGuild();
  return (
    <SwitcherMenu
      label="Switch server"
      caption="Server"
      value={me.guild?.name ?? "Pick a server"}
      items={(guilds.data?.guilds ?? []).map((g) => ({
        key: g.id,
        label: g.name,
        current: g.active,
        onSelect: () => {
          if (!g.active) select.mutate({ guildId: g.id });
        },
      }))}
      footer={{ key: "all", label: "All servers…", onSelect: () => router.push("/guilds") }}
    />
  );
}

/** The cluster switcher: keeps the area you are in (pods stay pods) on the other cluster. */
function ClusterSwitcher({
  clusters,
  current,
}: {
  clusters: ClusterSummary[];
  current: ClusterSummary | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const area = areaOf(pathname);
  const suffix =
    area === "pods" ||
    area === "resources" ||
    area === "jobs" ||
    area === "helm" ||
    area === "apply" ||
    area === "policies" ||
    area === "health" ||
    area === "alerts" ||
    area === "cost"
      ? `/${area}`
      : "";
  return (
    <SwitcherMenu
      label="Switch cluster"
      caption="Cluster"
      value={current?.name ?? (clusters.length ? "Pick a cluster" : "Add a cluster")}
      items={clusters.map((c) => ({
        key: c.id,
        label: c.name,
        current: c.id === current?.id,
        onSelect: () => router.push(`/clusters/${encodeURIComponent(c.id)}${suffix}`),
      }))}
      footer={{ key: "manage", label: "Manage clusters…", onSelect: () => router.push("/clusters") }}
    />
  );
}

function AreaLinks({ areas, collapsed }: { areas: Area[]; collapsed: boolean }) {
  const active = areaOf(usePathname());
  return (
    <ul className="cc-side-list">
      {areas.map((area) => {
        const Icon = icons[area.id];
        return (
          <li key={area.id}>
            <Link
              href={area.href}
              className="cc-side-link"
              aria-current={active === area.id ? "page" : undefined}
              title={collapsed ? area.label : undefined}
            >
              <Icon aria-hidden size={18} />
              <span className="cc-side-label">{area.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The sidebar: server and cluster switchers, the feature areas, who you are
 * and sign-out. The same content sits in the phone drawer.
 */
export function Sidebar({
  me,
  areas,
  clusters,
  current,
  collapsed = false,
}: {
  me: MeOutput | undefined;
  areas: Area[];
  clusters: ClusterSummary[];
  current: ClusterSummary | null;
  collapsed?: boolean;
}) {
  const byGroup = (group: Area["group"]) => areas.filter((a) => a.group === group);
  const onServersPage = areaOf(usePathname()) === "servers";
  return (
    <div className="cc-side" data-collapsed={collapsed || undefined}>
      {/* The Servers page is the server switcher itself. */}
      {me && !collapsed && !onServersPage && <ServerSwitcher me={me} />}
      <nav className="cc-side-nav" aria-label="Main">
        <AreaLinks areas={byGroup("home")} collapsed={collapsed} />
        {me?.guild && (
          <div className="cc-side-group">
            {!collapsed && <ClusterSwitcher clusters={clusters} current={current} />}
            <AreaLinks areas={byGroup("cluster")} collapsed={collapsed} />
          </div>
        )}
        <AreaLinks areas={byGroup("server")} collapsed={collapsed} />
      </nav>
      <div className="cc-side-foot">
        {me && !collapsed && (
          <div className="cc-side-user">
            <Avatar name={me.user.displayName} url={me.user.avatarUrl} size={28} />
            <span className="cc-side-user-name">{me.user.displayName}</span>
            {me.guild && <RoleBadge role={me.guild.role} />}
          </div>
        )}
        <button
          type="button"
          className="cc-side-link cc-side-signout"
          onClick={() => signOut({ callbackUrl: "/" })}
          aria-label={collapsed ? "Sign out" : undefined}
        >
          <LogOut aria-hidden size={18} />
          <span className="cc-side-label">Sign out</span>
        </button>
      </div>
    </div>
  );
}
