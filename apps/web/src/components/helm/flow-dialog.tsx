"use client";
import { Button, Dialog } from "@clustercord/ui";
import { type ReactNode, useState } from "react";

/** A button that opens a wide dialog holding one Helm flow; the flow starts afresh each time it opens. */
export function FlowDialog({
  label,
  title,
  variant = "secondary",
  children,
}: {
  label: string;
  title: string;
  variant?: "primary" | "secondary";
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={title} wide>
        {open && children}
      </Dialog>
    </>
  );
}
