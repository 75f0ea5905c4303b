"use client";
import type { NotificationPreferences } from "@clustercord/contracts";
import { Badge, Button, Card, ErrorNotice, Switch } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { AppShell } from "~/components/app-shell";
import { userMessage, useTRPC } from "~/lib/trpc";

const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
};

/** Quiet hours and time zone: saved together. */
function QuietHoursForm({
  prefs,
  onSave,
  pending,
  saved,
}: {
  prefs: NotificationPreferences;
  onSave: (input: { quietHours: { start: string; end: string } | null; timeZone: string }) => void;
  pending: boolean;
  saved: boolean;
}) {
  const [enabled, setEnabled] = useState(prefs.quietHours !== null);
  const [start, setStart] = useState(prefs.quietHours?.start ?? "22:00");
  const [end, setEnd] = useState(prefs.quietHours?.end ?? "07:00");
  const [timeZone, setTimeZone] = useState(prefs.timeZone);
  // Reset only when the saved quiet hours change: saving another preference must not wipe unsaved edits here.
  const savedStart = prefs.quietHours?.start;
  const savedEnd = prefs.quietHours?.end;
  useEffect(() => {
    setEnabled(savedStart !== undefined);
    setStart(savedStart ?? "22:00");
    setEnd(savedEnd ?? "07:00");
    setTimeZone(prefs.timeZone);
  }, [savedStart, savedEnd, prefs.timeZone]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ quietHours: enabled ? { start, end } : null, timeZone });
  };
  return (
    <form className="cc-form" onSubmit={submit} aria-label="Quiet hours">
      <span className="cc-inline">
        <Switch checked={enabled} onCheckedChange={setEnabled} label="Quiet hours" /> Quiet hours
      </span>
      <span className="cc-inline">
        <label>
          From
          <input type="time" value={start} disabled={!enabled} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          Until
          <input type="time" value={end} disabled={!enabled} onChange={(e) => setEnd(e.target.value)} />
        </label>
      </span>
      <label>
        Time zone
        <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {[...new Set([timeZone, ...zones()])].map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <p className="cc-muted">
        During quiet hours, Discord DMs and mail wait until they end; critical notifications still come at
        once. The notification center here always shows everything at once.
      </p>
      <span>
        <Button type="submit" disabled={pending}>
          Save quiet hours
        </Button>
      </span>
      {saved && (
        <p className="cc-success" role="status">
          Quiet hours saved.
        </p>
      )}
    </form>
  );
}

/** Per-person notification preferences: channels, email address (confirmed by a link), quiet hours. */
export default function NotificationSettingsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const saved = (data: NotificationPreferences) =>
    queryClient.setQueryData(trpc.notifications.preferences.queryKey(), data);
  const update = useMutation(trpc.notifications.updatePreferences.mutationOptions({ onSuccess: saved }));
  const setEmail = useMutation(trpc.notifications.setEmail.mutationOptions({ onSuccess: saved }));
  const [address, setAddress] = useState("");
  const error = prefs.error ?? update.error ?? setEmail.error;
  const p = prefs.data;

  return (
    <AppShell>
      <h1 className="cc-page-title">Notification settings</h1>
      {error && <ErrorNotice>{userMessage(error)}</ErrorNotice>}
      {p && (
        <div className="cc-grid">
          <Card title="Channels">
            <div className="cc-form">
              <span className="cc-inline">
                <Switch
                  checked={p.discordDm}
                  disabled={update.isPending}
                  onCheckedChange={(discordDm) => update.mutate({ discordDm })}
                  label="Discord direct messages"
                />
                Discord direct messages from the bot
              </span>
              <span className="cc-inline">
                <Switch
                  checked={p.email}
                  disabled={update.isPending || !p.emailConfirmed}
                  onCheckedChange={(email) => update.mutate({ email })}
                  label="Email"
                />
                Email {!p.emailConfirmed && <span className="cc-muted">(needs a confirmed address)</span>}
              </span>
              <p className="cc-muted">The notification center (the bell) always gets everything.</p>
            </div>
          </Card>
          <Card title="Email address">
            <form
              className="cc-form"
              aria-label="Email address"
              onSubmit={(e) => {
                e.preventDefault();
                setEmail.mutate({ email: address.trim() });
              }}
            >
              {p.emailAddress ? (
                <p className="cc-inline">
                  {p.emailAddress}{" "}
                  {p.emailConfirmed ? (
                    <Badge tone="good">confirmed</Badge>
                  ) : (
                    <Badge tone="warn">waiting for confirmation</Badge>
                  )}
                </p>
              ) : (
                <p className="cc-muted">No address set.</p>
              )}
              {!p.emailAvailable && <p className="cc-warning">Email is not set up on this ClusterCord.</p>}
              <label>
                New address
                <input
                  type="email"
                  value={address}
                  onChange={(e) => setAddress(e.target.value)}
                  disabled={!p.emailAvailable}
                  autoComplete="email"
                />
              </label>
              <span className="cc-inline">
                <Button type="submit" disabled={!p.emailAvailable || !address.trim() || setEmail.isPending}>
                  Send confirmation link
                </Button>
                {p.emailAddress && (
                  <Button
                    variant="secondary"
                    disabled={setEmail.isPending}
                    onClick={() => setEmail.mutate({ email: null })}
                  >
                    Remove address
                  </Button>
                )}
              </span>
              {setEmail.isSuccess && setEmail.variables?.email && (
                <p className="cc-success" role="status">
                  A confirmation link is on its way. Nothing else is mailed there until you open it.
                </p>
              )}
            </form>
          </Card>
          <Card title="Quiet hours">
            <QuietHoursForm
              prefs={p}
              pending={update.isPending}
              saved={update.isSuccess && update.variables !== undefined && "timeZone" in update.variables}
              onSave={(input) => update.mutate(input)}
            />
          </Card>
        </div>
      )}
    </AppShell>
  );
}
