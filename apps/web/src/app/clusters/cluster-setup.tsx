"use client";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * clusters.setup: the manifest to download and the two kubectl commands that
 * apply it and write the kubeconfig the form below takes. Same as `/cluster setup`.
 */
export function ClusterSetup() {
  const trpc = useTRPC();
  const setup = useQuery(trpc.clusters.setup.queryOptions());
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    if (!setup.data) return;
    const url = URL.createObjectURL(new Blob([setup.data.manifest], { type: "application/x-yaml" }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [setup.data]);

  return (
    <Card title="Prepare a cluster">
      {setup.error && <ErrorNotice>{userMessage(setup.error)}</ErrorNotice>}
      {setup.data && (
        <div className="cc-setup">
          <p>
            ClusterCord needs a service account that may impersonate people, read, and set up namespaces for
            servers; it never changes workloads or Secrets itself. Download{" "}
            {href ? (
              <a href={href} download={setup.data.filename}>
                {setup.data.filename}
              </a>
            ) : (
              setup.data.filename
            )}{" "}
            and run, as a cluster admin, in the same folder:
          </p>
          <ol className="cc-setup-steps">
            {setup.data.commands.map((command) => (
              <li key={command}>
                <pre>{command}</pre>
                <Button type="button" onClick={() => navigator.clipboard?.writeText(command)}>
                  Copy
                </Button>
              </li>
            ))}
          </ol>
          <p>
            Then add the cluster below with <code>{setup.data.kubeconfigFilename}</code>.
          </p>
          <details>
            <summary>Show the manifest</summary>
            <pre className="cc-setup-manifest">{setup.data.manifest}</pre>
          </details>
        </div>
      )}
    </Card>
  );
}
