"use client";
import { Dialog } from "@clustercord/ui";
import type { Area } from "./areas";

/** The `?` dialog: every shortcut, the area ones for the areas you have. */
export function ShortcutsDialog({
  open,
  onOpenChange,
  areas,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  areas: Area[];
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts">
      <dl className="cc-shortcuts">
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>Search on this page</dd>
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>This list</dd>
        {areas.map((area) => (
          <div key={area.id} className="cc-shortcut-row">
            <dt>
              <kbd>g</kbd> <kbd>{area.key}</kbd>
            </dt>
            <dd>Go to {area.label}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
