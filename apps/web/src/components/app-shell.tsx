"use client";
import { Avatar, Breadcrumbs, Dialog, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { Keyboard, Menu, PanelLeftClose, PanelLeftOpen } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { isUnauthorized, userMessage, useTRPC } from "~/lib/trpc";
import { NotificationBell } from "./notification-bell";
import { breadcrumbTrail, navAreas } from "./shell/areas";
import { useCurrentCluster } from "./shell/current-cluster";
import { useShortcuts } from "./shell/shortcuts";
import { ShortcutsDialog } from "./shell/shortcuts-dialog";
import { Sidebar } from "./shell/sidebar";

const COLLAPSED_KEY = "cc:sidebar-collapsed";

/**
 * Page frame: a top bar (menu on phones, brand, shortcuts, notifications, you),
 * the sidebar (switchers and areas; a drawer on phones), breadcrumbs and the page.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const me = useQuery(trpc.me.get.queryOptions());
  const { clusters, current } = useCurrentCluster(!!me.data?.guild);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  useEffect(() => {
    if (me.error && isUnauthorized(me.error)) router.replace(`/?callbackUrl=${encodeURIComponent(pathname)}`);
  }, [me.error, pathname, router]);
  useEffect(() => setCollapsed(window.localStorage.getItem(COLLAPSED_KEY) === "1"), []);
  // A new page closes the phone drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger
  useEffect(() => setDrawerOpen(false), [pathname]);

  const toggleCollapsed = () => {
    setCollapsed((was) => {
      window.localStorage.setItem(COLLAPSED_KEY, was ? "0" : "1");
      return !was;
    });
  };

  const areas = navAreas({ clusterId: current?.id ?? null, role: me.data?.guild?.role ?? null });
  useShortcuts({
    go: (key) => {
      const area = areas.find((a) => a.key === key);
      if (area) router.push(area.href);
      return !!area;
    },
    help: () => setHelpOpen(true),
  });
  const clusterInPath = pathname.split("/")[2];
  const clusterName = clusters.find(
    (c) => c.id === (clusterInPath && decodeURIComponent(clusterInPath)),
  )?.name;
  const trail = breadcrumbTrail(pathname, clusterName ?? null);
  const sidebar = (isCollapsed: boolean) => (
    <Sidebar me={me.data} areas={areas} clusters={clusters} current={current} collapsed={isCollapsed} />
  );

  return (
    <div className="cc-shell" data-collapsed={collapsed || undefined}>
      <header className="cc-topbar">
        <button
          type="button"
          className="cc-icon-button cc-menu-button"
          aria-label="Open navigation"
          onClick={() => setDrawerOpen(true)}
        >
          <Menu aria-hidden size={20} />
        </button>
        <button
          type="button"
          className="cc-icon-button cc-collapse-button"
          aria-label={collapsed ? "Expand sidebar" : "Collapse sidebar"}
          aria-pressed={collapsed}
          onClick={toggleCollapsed}
        >
          {collapsed ? <PanelLeftOpen aria-hidden size={20} /> : <PanelLeftClose aria-hidden size={20} />}
        </button>
        <Link href="/dashboard" className="cc-brand">
          ClusterCord
        </Link>
        <div className="cc-topbar-end">
          <button
            type="button"
            className="cc-icon-button"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => setHelpOpen(true)}
          >
            <Keyboard aria-hidden size={20} />
          </button>
          {me.data && <NotificationBell />}
          {me.data && (
            <span className="cc-topbar-user" title={me.data.user.displayName}>
              <Avatar name={me.data.user.displayName} url={me.data.user.avatarUrl} size={28} />
            </span>
          )}
        </div>
      </header>
      <div className="cc-body">
        <aside className="cc-sidebar" aria-label="Sidebar">
          {sidebar(collapsed)}
        </aside>
        <main className="cc-main">
          {trail.length > 0 && (
            <Breadcrumbs
              trail={trail}
              link={(href, label) => (
                <Link href={href} className="cc-crumb-link">
                  {label}
                </Link>
              )}
            />
          )}
          {me.error && !isUnauthorized(me.error) && <ErrorNotice>{userMessage(me.error)}</ErrorNotice>}
          {children}
        </main>
      </div>
      <Dialog open={drawerOpen} onOpenChange={setDrawerOpen} title="Navigation" side="left">
        {sidebar(false)}
      </Dialog>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} areas={areas} />
    </div>
  );
}
