"use client";
import { Avatar, ErrorNotice, RoleBadge } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { type ReactNode, useEffect } from "react";
import { isUnauthorized, userMessage, useTRPC } from "~/lib/trpc";
import { NotificationBell } from "./notification-bell";

const nav = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/clusters", label: "Clusters" },
  { href: "/guilds", label: "Servers" },
  { href: "/roles", label: "Roles" },
  { href: "/audit", label: "Audit", admin: true },
];

/** Page frame: brand, navigation, the acting user and server, sign-out. */
export function AppShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const me = useQuery(trpc.me.get.queryOptions());

  useEffect(() => {
    if (me.error && isUnauthorized(me.error)) router.replace(`/?callbackUrl=${encodeURIComponent(pathname)}`);
  }, [me.error, pathname, router]);

  const role = me.data?.guild?.role;
  return (
    <div className="cc-shell">
      <header className="cc-topbar">
        <Link href="/dashboard" className="cc-brand">
          ClusterCord
        </Link>
        <nav className="cc-nav" aria-label="Main">
          {nav
            .filter((item) => !item.admin || role === "admin")
            .map((item) => (
              <Link
                key={item.href}
                href={item.href}
                aria-current={pathname === item.href ? "page" : undefined}
              >
                {item.label}
              </Link>
            ))}
        </nav>
        <div className="cc-user">
          {me.data && <NotificationBell />}
          {me.data && (
            <>
              <Avatar name={me.data.user.displayName} url={me.data.user.avatarUrl} />
              <span className="cc-user-name">{me.data.user.displayName}</span>
              {me.data.guild && (
                <span className="cc-user-guild">
                  {me.data.guild.name} <RoleBadge role={me.data.guild.role} />
                </span>
              )}
            </>
          )}
          <button type="button" className="cc-link-button" onClick={() => signOut({ callbackUrl: "/" })}>
            Sign out
          </button>
        </div>
      </header>
      <main className="cc-main">
        {me.error && !isUnauthorized(me.error) && <ErrorNotice>{userMessage(me.error)}</ErrorNotice>}
        {children}
      </main>
    </div>
  );
}
