"use client";
import type { AppRouter } from "@clustercord/api";
import { nonRetryableCodes, readApiErrorData } from "@clustercord/contracts";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { type ReactNode, useState } from "react";
import { TRPCProvider } from "~/lib/trpc";

function shouldRetry(failures: number, error: unknown) {
  if (error instanceof TRPCClientError) {
    const code = readApiErrorData(error)?.appCode;
    if (code && nonRetryableCodes.has(code)) return false;
  }
  return failures < 2;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: shouldRetry } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc" })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
