"use client";
import type { AlertPrefsView } from "@clustercord/contracts";
import { Button, Card, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";
import { hourLabel, timeZoneChoices, weekdays } from "./format";

/** JavaScript's weekday numbers, 0 Sunday to 6 Saturday (what alerts.config takes). */
type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
const hours = Array.from({ length: 24 }, (_, h) => h);

/**
 * My alert settings (alerts.getConfig / alerts.config): the time zone every window is read in,
 * quiet hours (everything but CRITICAL waits), business hours (when HIGH may interrupt) and the
 * hours the daily and weekly digests go out.
 */
export function SettingsPanel() {
  const trpc = useTRPC();
  const config = useQuery(trpc.alerts.getConfig.queryOptions({}));
  return (
    <Card title="My alert settings">
      {config.error && <ErrorNotice>{userMessage(config.error)}</ErrorNotice>}
      {config.isPending && <p className="cc-muted">Loading…</p>}
      {/* The form starts from the stored settings; after a save it already shows them. */}
      {config.data && <SettingsForm prefs={config.data.prefs} />}
    </Card>
  );
}

function SettingsForm({ prefs }: { prefs: AlertPrefsView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = {
    zone: useId(),
    quietStart: useId(),
    quietEnd: useId(),
    businessStart: useId(),
    businessEnd: useId(),
    daily: useId(),
    weeklyDay: useId(),
    weeklyHour: useId(),
  };
  const [timeZone, setTimeZone] = useState(prefs.timeZone);
  const [quietOn, setQuietOn] = useState(prefs.quietHours !== null);
  const [quiet, setQuiet] = useState(prefs.quietHours ?? { start: "22:00", end: "07:00" });
  const [business, setBusiness] = useState(prefs.businessHours);
  const [digest, setDigest] = useState(prefs.digest);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.alerts.config.mutationOptions({
      onSuccess: (out) => {
        setSaved(true);
        queryClient.setQueryData(trpc.alerts.getConfig.queryKey({}), out);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({
      timeZone,
      quietHours: quietOn ? quiet : null,
      businessHours: { ...business, days: business.days as Weekday[] },
      digest: { ...digest, weeklyDay: digest.weeklyDay as Weekday },
    });
  };
  const toggleDay = (day: number, on: boolean) =>
    setBusiness({
      ...business,
      days: on ? [...business.days, day].sort((a, b) => a - b) : business.days.filter((d) => d !== day),
    });

  return (
    <form className="cc-form cc-alert-settings" onSubmit={submit} aria-label="My alert settings">
      <label htmlFor={ids.zone}>
        Time zone
        <select id={ids.zone} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {timeZoneChoices(timeZone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="cc-alert-fieldset">
        <legend>Quiet hours</legend>
        <label className="cc-check">
          <input type="checkbox" checked={quietOn} onChange={(e) => setQuietOn(e.target.checked)} />
          Hold alerts (except CRITICAL) during quiet hours
        </label>
        {quietOn && (
          <TimeRange startId={ids.quietStart} endId={ids.quietEnd} value={quiet} onChange={setQuiet} />
        )}
      </fieldset>
      <fieldset className="cc-alert-fieldset">
        <legend>Business hours (HIGH alerts come at once only then)</legend>
        <div className="cc-alert-days">
          {weekdays.map((name, day) => (
            <label key={name} className="cc-check">
              <input
                type="checkbox"
                checked={business.days.includes(day)}
                onChange={(e) => toggleDay(day, e.target.checked)}
              />
              {name.slice(0, 3)}
            </label>
          ))}
        </div>
        <TimeRange
          startId={ids.businessStart}
          endId={ids.businessEnd}
          value={business}
          onChange={(range) => setBusiness({ ...business, ...range })}
        />
      </fieldset>
      <fieldset className="cc-alert-fieldset">
        <legend>Digests (MEDIUM daily, LOW weekly)</legend>
        <div className="cc-alert-form-row">
          <label htmlFor={ids.daily}>
            Daily at
            <select
              id={ids.daily}
              value={digest.dailyHour}
              onChange={(e) => setDigest({ ...digest, dailyHour: Number(e.target.value) })}
            >
              {hours.map((h) => (
                <option key={h} value={h}>
                  {hourLabel(h)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.weeklyDay}>
            Weekly on
            <select
              id={ids.weeklyDay}
              value={digest.weeklyDay}
              onChange={(e) => setDigest({ ...digest, weeklyDay: Number(e.target.value) })}
            >
              {weekdays.map((name, day) => (
                <option key={name} value={day}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={ids.weeklyHour}>
            at
            <select
              id={ids.weeklyHour}
              value={digest.weeklyHour}
              onChange={(e) => setDigest({ ...digest, weeklyHour: Number(e.target.value) })}
            >
              {hours.map((h) => (
                <option key={h} value={h}>
                  {hourLabel(h)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      {save.error && <ErrorNotice>{userMessage(save.error)}</ErrorNotice>}
      {saved && (
        <p className="cc-success" role="status">
          Saved.
        </p>
      )}
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}

/** "From … Until …" as two labelled time inputs (quiet hours, business hours). */
function TimeRange({
  startId,
  endId,
  value,
  onChange,
}: {
  startId: string;
  endId: string;
  value: { start: string; end: string };
  onChange: (range: { start: string; end: string }) => void;
}) {
  return (
    <div className="cc-alert-form-row">
      <label htmlFor={startId}>
        From
        <input
          id={startId}
          type="time"
          value={value.start}
          onChange={(e) => onChange({ start: e.target.value, end: value.end })}
        />
      </label>
      <label htmlFor={endId}>
        Until
        <input
          id={endId}
          type="time"
          value={value.end}
          onChange={(e) => onChange({ start: value.start, end: e.target.value })}
        />
      </label>
    </div>
  );
}
