import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  transpilePackages: ["@clustercord/contracts", "@clustercord/ui"],
  // Type-checking runs once in CI (`npm run typecheck`), not again in every build.
  typescript: { ignoreBuildErrors: true },
};

export default config;
