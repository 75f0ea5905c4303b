"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";

export interface LogStreamOptions {
  follow: boolean;
  tailLines: number;
  sinceSeconds?: number;
  previous: boolean;
  timestamps: boolean;
  container?: string;
}

export interface LogStreamHandlers {
  onLines(lines: string[], dropped: number): void;
  onEnd(reason: string): void;
  onError(message: string): void;
}

/** Where the viewer's lines come from: `open` starts a stream and returns its cancel. */
export interface LogSource {
  open(options: LogStreamOptions, handlers: LogStreamHandlers): () => void;
}

export interface LogViewerProps {
  /** The stream of one container (the page picks which: it drives the terminal too). */
  source: LogSource;
  /** Lines kept in the browser; the oldest are dropped past it (default 10,000). */
  maxLines?: number;
  /** Name of the downloaded file. */
  fileName?: string;
}

const ROW_HEIGHT = 18;
const TAILS = [100, 500, 1000, 5000];
const SINCE: { label: string; seconds?: number }[] = [
  { label: "all" },
  { label: "5 min", seconds: 300 },
  { label: "1 hour", seconds: 3600 },
  { label: "24 hours", seconds: 86_400 },
];

/** A line with every case-insensitive occurrence of `query` marked. */
function highlight(line: string, query: string): ReactNode {
  if (!query) return line;
  const lower = line.toLowerCase();
  const q = query.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at !== -1; at = lower.indexOf(q, from)) {
    if (at > from) parts.push(line.slice(from, at));
    parts.push(<mark key={at}>{line.slice(at, at + q.length)}</mark>);
    from = at + q.length;
  }
  if (from < line.length) parts.push(line.slice(from));
  return parts;
}

/**
 * A container log: follow, tail, since, previous container, timestamps,
 * search with highlight, download. Lines arrive in batches into a capped buffer and render once per animation frame, only the
 * rows in view (virtualized). The stream ends when the viewer unmounts or its
 * options change.
 */
export function LogViewer({ source, maxLines = 10_000, fileName = "log.txt" }: LogViewerProps) {
  const ids = useId();
  const [options, setOptions] = useState<LogStreamOptions>({
    follow: true,
    tailLines: 500,
    previous: false,
    timestamps: false,
  });
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<{ text: string; error: boolean }>({
    text: "Connecting…",
    error: false,
  });
  const lines = useRef<string[]>([]);
  const dropped = useRef(0);
  const [version, setVersion] = useState(0);
  const frame = useRef<number | null>(null);

  const schedule = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  useEffect(() => {
    lines.current = [];
    dropped.current = 0;
    setStatus({ text: "Connecting…", error: false });
    schedule();
    const close = source.open(options, {
      onLines(batch, lost) {
        const buffer = lines.current;
        buffer.push(...batch);
        const over = buffer.length - maxLines;
        if (over > 0) buffer.splice(0, over);
        dropped.current += lost + Math.max(0, over);
        setStatus((s) => (s.text === "Streaming" ? s : { text: "Streaming", error: false }));
        schedule();
      },
      onEnd(reason) {
        setStatus({ text: reason, error: false });
      },
      onError(message) {
        setStatus({ text: message, error: true });
      },
    });
    return () => {
      close();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [source, options, maxLines, schedule]);

  const scroller = useRef<HTMLElement>(null);
  const count = lines.current.length;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  // Following keeps the newest line in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when new lines were rendered
  useEffect(() => {
    if (options.follow && count > 0) virtualizer.scrollToIndex(count - 1, { align: "end" });
  }, [version, options.follow, count, virtualizer]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the buffer is a ref; version says it changed
  const matches = useMemo(() => {
    if (!search) return 0;
    const q = search.toLowerCase();
    return lines.current.reduce((n, l) => (l.toLowerCase().includes(q) ? n + 1 : n), 0);
  }, [search, version]);

  const download = () => {
    const blob = new Blob([`${lines.current.join("\n")}\n`], { type: "text/plain" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const set = (patch: Partial<LogStreamOptions>) => setOptions((o) => ({ ...o, ...patch }));

  return (
    <div className="cc-log-viewer">
      <div className="cc-log-toolbar">
        <label>
          <input
            type="checkbox"
            checked={options.follow}
            onChange={(e) => set({ follow: e.target.checked })}
          />
          Follow
        </label>
        <label htmlFor={`${ids}-tail`}>
          Tail
          <select
            id={`${ids}-tail`}
            value={options.tailLines}
            onChange={(e) => set({ tailLines: Number(e.target.value) })}
          >
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${ids}-since`}>
          Since
          <select
            id={`${ids}-since`}
            value={options.sinceSeconds ?? ""}
            onChange={(e) => {
              const seconds = e.target.value ? Number(e.target.value) : undefined;
              setOptions(({ sinceSeconds: _, ...o }) => (seconds ? { ...o, sinceSeconds: seconds } : o));
            }}
          >
            {SINCE.map((s) => (
              <option key={s.label} value={s.seconds ?? ""}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={options.previous}
            onChange={(e) => set({ previous: e.target.checked })}
          />
          Previous
        </label>
        <label>
          <input
            type="checkbox"
            checked={options.timestamps}
            onChange={(e) => set({ timestamps: e.target.checked })}
          />
          Timestamps
        </label>
        <input
          type="search"
          placeholder="Search"
          aria-label="Search the log"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {search && <span className="cc-muted">{matches} matching</span>}
        <button type="button" className="cc-button cc-button-secondary" onClick={download}>
          Download
        </button>
      </div>
      <div className={`cc-log-status${status.error ? " cc-log-status-error" : ""}`} role="status">
        {status.text}
        {dropped.current > 0 ? ` (${dropped.current} older lines not kept)` : ""}
      </div>
      {/* Focusable, so keyboard users can scroll it (arrows, Page Up/Down). */}
      <section
        ref={scroller}
        className="cc-log-lines"
        data-testid="log-lines"
        data-count={count}
        aria-label="Log lines"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((row) => (
            <div
              key={row.key}
              className="cc-log-line"
              style={{
                position: "absolute",
                top: 0,
                transform: `translateY(${row.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              {highlight(lines.current[row.index] ?? "", search)}
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
