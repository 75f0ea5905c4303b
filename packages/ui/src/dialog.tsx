import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";

/**
 * A modal dialog on Radix (focus trap, Escape, focus returns to the opener,
 * labelled by its title). `side` makes it a drawer from the left edge;
 * `wide` gives room to content such as diffs.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  side,
  wide,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  side?: "left";
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="cc-dialog-overlay" />
        <RadixDialog.Content
          className={side === "left" ? "cc-drawer" : wide ? "cc-dialog cc-dialog-wide" : "cc-dialog"}
          // Without a description Radix would point aria-describedby at nothing.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="cc-dialog-head">
            <RadixDialog.Title className="cc-dialog-title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="cc-icon-button" aria-label="Close">
              <X aria-hidden size={18} />
            </RadixDialog.Close>
          </div>
          {description && (
            <RadixDialog.Description className="cc-muted">{description}</RadixDialog.Description>
          )}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
