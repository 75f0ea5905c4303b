"use client";
import { Card, ErrorNotice } from "@clustercord/ui";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * Where the confirmation mail's link lands. The token is in the URL's
 * fragment (never sent to a server or in a Referer); the page hands it to
 * notifications.confirmEmail once, then removes it from the address bar.
 */
export default function ConfirmEmailPage() {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.notifications.confirmEmail.mutationOptions());
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
    window.history.replaceState(null, "", window.location.pathname);
    if (token) confirm.mutate({ token });
  }, [confirm]);

  return (
    <AppShell>
      <h1 className="cc-page-title">Confirm your email address</h1>
      <Card>
        {confirm.isPending && <p>Confirming…</p>}
        {confirm.isIdle && !confirm.data && (
          <p className="cc-muted">Open this page from the link in the confirmation mail.</p>
        )}
        {confirm.error && <ErrorNotice>{userMessage(confirm.error)}</ErrorNotice>}
        {confirm.data && (
          <p className="cc-success" role="status">
            {confirm.data.emailAddress} is confirmed. Switch email notifications on in{" "}
            <Link href="/settings/notifications">notification settings</Link>.
          </p>
        )}
      </Card>
    </AppShell>
  );
}
