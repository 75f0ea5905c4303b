"use client";
import { useEffect, useRef, useState } from "react";
import "@xterm/xterm/css/xterm.css";

export interface TerminalHandlers {
  onOutput(data: string): void;
  onExit(reason: string): void;
  onError(message: string): void;
}

export interface TerminalSession {
  input(data: string): void;
  resize(cols: number, rows: number): void;
  /** `chars` more output characters were written to the screen (flow control). */
  ack(chars: number): void;
  close(): void;
}

/** Where a terminal connects to: `open` starts a session of the given size. */
export interface TerminalSource {
  open(size: { cols: number; rows: number }, handlers: TerminalHandlers): TerminalSession;
}

/**
 * xterm.js on a session from `source`: fits its box and reports resizes,
 * acknowledges output only once xterm has written it (its write callback), so
 * the server stops reading from the cluster while the browser is behind, and
 * closes the session when it unmounts.
 */
export function Terminal({
  source,
  onClosed,
}: {
  source: TerminalSource;
  onClosed?: (reason: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const closedRef = useRef(onClosed);
  closedRef.current = onClosed;

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      // xterm touches the DOM when loaded: load it in the browser only.
      const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
      ]);
      if (disposed || !box.current) return;
      const term = new XTerm({ convertEol: false, cursorBlink: true, fontSize: 13, scrollback: 5_000 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(box.current);
      fit.fit();
      const session = source.open(
        { cols: term.cols, rows: term.rows },
        {
          onOutput(data) {
            term.write(data, () => session.ack(data.length));
          },
          onExit(reason) {
            term.write(`\r\n\x1b[2m[${reason}]\x1b[0m\r\n`);
            setStatus({ text: reason, error: false });
            closedRef.current?.(reason);
          },
          onError(message) {
            setStatus({ text: message, error: true });
            closedRef.current?.(message);
          },
        },
      );
      const typed = term.onData((data) => session.input(data));
      const resized = term.onResize(({ cols, rows }) => session.resize(cols, rows));
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(box.current);
      term.focus();
      cleanup = () => {
        observer.disconnect();
        typed.dispose();
        resized.dispose();
        session.close();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [source]);

  return (
    <div className="cc-terminal">
      {status && (
        <div className={`cc-log-status${status.error ? " cc-log-status-error" : ""}`} role="status">
          {status.text}
        </div>
      )}
      <div ref={box} className="cc-terminal-screen" data-testid="terminal" />
    </div>
  );
}
