import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "ClusterCord",
  description: "Kubernetes management for Discord teams",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1e1f22" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
