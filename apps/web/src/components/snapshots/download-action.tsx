"use client";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { formatBytes } from "~/app/clusters/[clusterId]/overview";
import { expiryText } from "~/components/manifests/format";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * Download in two clicks: snapshots.download mints a short-lived signed link,
 * which the page then offers as a plain link (the browser fetches the
 * `.tar.gz` itself; Secrets inside stay encrypted).
 */
export function DownloadAction({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const link = useMutation({
    mutationFn: () =>
      queryClient.fetchQuery({ ...trpc.snapshots.download.queryOptions({ id }), staleTime: 0 }),
  });
  if (link.data) {
    return (
      <div className="cc-snap-download">
        <a
          className="cc-button cc-button-primary cc-snap-link"
          href={link.data.url}
          download={link.data.filename}
        >
          Download {link.data.filename}
        </a>
        <span className="cc-muted">
          {formatBytes(link.data.bytes)} · the link {expiryText(link.data.expiresAt, Date.now())}
        </span>
      </div>
    );
  }
  return (
    <div className="cc-action">
      <Button variant="secondary" disabled={link.isPending} onClick={() => link.mutate()}>
        {link.isPending ? "Preparing…" : "Get download link"}
      </Button>
      {link.error && <ErrorNotice>{userMessage(link.error)}</ErrorNotice>}
    </div>
  );
}
