"use client";
import type { CostPeriod } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { bytesFromBase64 } from "~/components/manifests/format";
import { userMessage, useTRPC } from "~/lib/trpc";
import { safeFilename } from "./format";

/** Saves the CSV the API sent as base64, under the name it gave. */
function saveFile(file: { filename: string; contentType: string; base64: string }) {
  const url = URL.createObjectURL(new Blob([bytesFromBase64(file.base64)], { type: file.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = safeFilename(file.filename);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** cost.export for the period shown: one row per resource per day, the bytes Discord's /cost export sends. */
export function CsvDownload({
  clusterId,
  period,
  namespace,
}: {
  clusterId: string;
  period: CostPeriod;
  namespace?: string | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async () => {
    setPending(true);
    setError(null);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.cost.export.queryOptions({
          clusterId,
          period,
          format: "csv",
          ...(namespace ? { namespace } : {}),
        }),
        staleTime: 0,
        gcTime: 0,
      });
      saveFile(file);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="cc-cost-download">
      <Button variant="secondary" disabled={pending} onClick={() => void download()}>
        <Download aria-hidden size={16} /> {pending ? "Preparing CSV…" : "Download CSV"}
      </Button>
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
    </div>
  );
}
