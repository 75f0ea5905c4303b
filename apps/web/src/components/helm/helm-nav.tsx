"use client";
import Link from "next/link";
import { helmHref } from "./format";
import "./helm.css";

type HelmPage = "releases" | "search" | "blueprints";

/** The Helm area's sub-nav: Releases (the default), Search, Blueprints. */
export function HelmNav({ clusterId, current }: { clusterId: string; current: HelmPage | null }) {
  const pages: [HelmPage, string, string][] = [
    ["releases", "Releases", helmHref(clusterId)],
    ["search", "Search", helmHref(clusterId, "search")],
    ["blueprints", "Blueprints", helmHref(clusterId, "blueprints")],
  ];
  return (
    <nav className="cc-helm-nav" aria-label="Helm">
      {pages.map(([key, label, href]) => (
        <Link key={key} href={href} aria-current={current === key ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
