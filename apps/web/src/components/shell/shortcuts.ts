import { useEffect, useRef } from "react";

/** How long `g` waits for its letter. */
const CHORD_MS = 1_500;

/** Keys typed into a field are the field's, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The page's search box: one marked `data-shortcut="search"`, else the first search field. */
function findSearch(): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>('[data-shortcut="search"]') ??
    document.querySelector<HTMLElement>('input[type="search"]')
  );
}

/**
 * The global keyboard shortcuts: `/` focuses the page's search, `g` then a
 * key goes to an area (`go(letter)` says whether it knew the letter), `?`
 * asks for the shortcuts dialog.
 */
export function useShortcuts({ go, help }: { go: (key: string) => boolean; help: () => void }) {
  const pendingG = useRef(0);
  const handlers = useRef({ go, help });
  handlers.current = { go, help };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      // Shift on its way to `$` (g $) or `?` keeps a pending `g`.
      if (event.key === "Shift") return;
      const chord = pendingG.current > Date.now();
      pendingG.current = 0;
      if (chord && event.key.length === 1) {
        if (handlers.current.go(event.key.toLowerCase())) event.preventDefault();
        return;
      }
      if (event.key === "g") {
        pendingG.current = Date.now() + CHORD_MS;
      } else if (event.key === "?") {
        event.preventDefault();
        handlers.current.help();
      } else if (event.key === "/") {
        const search = findSearch();
        if (search) {
          event.preventDefault();
          search.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
