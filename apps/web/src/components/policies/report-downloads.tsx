"use client";
import type { PoliciesReportInput } from "@clustercord/contracts";
import { Button, ErrorNotice } from "@clustercord/ui";
import { useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { bytesFromBase64 } from "~/components/manifests/format";
import { userMessage, useTRPC } from "~/lib/trpc";

type Format = PoliciesReportInput["format"];
const formats: [Format, string][] = [
  ["pdf", "PDF"],
  ["json", "JSON"],
  ["csv", "CSV"],
];

/** Saves a file the API sent as base64, under the name it gave. */
function saveFile(file: { filename: string; contentType: string; base64: string }) {
  const url = URL.createObjectURL(new Blob([bytesFromBase64(file.base64)], { type: file.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Download the violations report as a PDF, a PolicyReport JSON or CSV (always fresh). */
export function ReportDownloads({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(null);

  const download = async (format: Format) => {
    setPending(format);
    setError(null);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.policies.report.queryOptions({ clusterId, format }),
        staleTime: 0,
        gcTime: 0,
      });
      saveFile(file);
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="cc-policy-downloads" aria-label="Download the report">
      {formats.map(([format, label]) => (
        <Button
          key={format}
          variant="secondary"
          disabled={pending !== null}
          onClick={() => void download(format)}
        >
          <Download aria-hidden size={16} />{" "}
          {pending === format ? `Preparing ${label}…` : `Download ${label}`}
        </Button>
      ))}
      {error ? <ErrorNotice>{userMessage(error)}</ErrorNotice> : null}
    </section>
  );
}
