"use client";
import type { Terminal as XTermInstance } from "@xterm/xterm";
import { ClipboardPaste, Copy, Maximize2, Minimize2 } from "lucide-react";
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

/** What Copy takes: the selection, else the whole screen and scrollback (trailing blanks trimmed). */
function copyableText(term: XTermInstance): string {
  const selected = term.getSelection();
  if (selected) return selected;
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
  return lines.join("\n").replace(/\s+$/, "");
}

/**
 * xterm.js on a session from `source`: fits its box and reports resizes,
 * acknowledges output only once xterm has written it (its write callback), so
 * the server stops reading from the cluster while the browser is behind, and
 * closes the session when it unmounts. Copy (the selection, else everything),
 * Paste (as typed, bracketed when the shell asks) and a full-window mode sit
 * above it; Ctrl+Shift+C and Ctrl+Shift+V do the same from the keyboard.
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
  const [note, setNote] = useState("");
  const [full, setFull] = useState(false);
  const closedRef = useRef(onClosed);
  closedRef.current = onClosed;
  const termRef = useRef<XTermInstance | null>(null);

  const copy = async () => {
    const term = termRef.current;
    if (!term) return;
    const text = copyableText(term);
    try {
      await navigator.clipboard.writeText(text);
      setNote(`Copied ${text.length} characters.`);
    } catch {
      setNote("The browser did not allow copying; select the text and use its menu.");
    }
  };
  const paste = async () => {
    const term = termRef.current;
    if (!term) return;
    try {
      const text = await navigator.clipboard.readText();
      term.paste(text);
      term.focus();
    } catch {
      setNote("The browser did not allow reading the clipboard; use Ctrl+Shift+V or its menu.");
    }
  };
  const actions = useRef({ copy, paste });
  actions.current = { copy, paste };

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
      termRef.current = term;
      // Ctrl+Shift+C / V: the terminal's own copy and paste (plain Ctrl+C stays an interrupt).
      term.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
        const key = event.key.toLowerCase();
        if (key === "c") void actions.current.copy();
        else if (key === "v") void actions.current.paste();
        else return true;
        event.preventDefault();
        return false;
      });
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
        termRef.current = null;
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [source]);

  return (
    <div className={full ? "cc-terminal cc-terminal-full" : "cc-terminal"}>
      <div className="cc-terminal-toolbar">
        <button
          type="button"
          className="cc-icon-button"
          onClick={() => void copy()}
          title="Copy (Ctrl+Shift+C)"
        >
          <Copy aria-hidden size={16} /> Copy
        </button>
        <button
          type="button"
          className="cc-icon-button"
          onClick={() => void paste()}
          title="Paste (Ctrl+Shift+V)"
        >
          <ClipboardPaste aria-hidden size={16} /> Paste
        </button>
        <button
          type="button"
          className="cc-icon-button"
          aria-pressed={full}
          onClick={() => {
            setFull((was) => !was);
            termRef.current?.focus();
          }}
        >
          {full ? <Minimize2 aria-hidden size={16} /> : <Maximize2 aria-hidden size={16} />} Full window
        </button>
        <span className="cc-muted" aria-live="polite">
          {note}
        </span>
      </div>
      {status && (
        <div className={`cc-log-status${status.error ? " cc-log-status-error" : ""}`} role="status">
          {status.text}
        </div>
      )}
      <div ref={box} className="cc-terminal-screen" data-testid="terminal" />
    </div>
  );
}
