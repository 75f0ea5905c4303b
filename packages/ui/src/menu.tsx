import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown } from "lucide-react";
import type { ReactNode } from "react";

export type MenuItem = { key: string; label: ReactNode; current?: boolean; onSelect: () => void };

/**
 * A switcher: a button showing what it switches and the current choice
 * ("Server Acme Ops": its accessible name is its visible text) that opens a
 * Radix menu (arrow keys, typeahead, Escape) titled `label`.
 */
export function SwitcherMenu({
  label,
  caption,
  value,
  items,
  footer,
}: {
  label: string;
  caption: string;
  value: ReactNode;
  items: MenuItem[];
  footer?: MenuItem;
}) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger className="cc-switcher" title={label}>
        <span className="cc-switcher-text">
          <span className="cc-switcher-caption">{caption}</span>{" "}
          <span className="cc-switcher-value">{value}</span>
        </span>
        <ChevronsUpDown aria-hidden size={16} />
      </RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content className="cc-menu" align="start" sideOffset={4}>
          <RadixMenu.Label className="cc-menu-label">{label}</RadixMenu.Label>
          {items.map((item) => (
            <RadixMenu.Item key={item.key} className="cc-menu-item" onSelect={item.onSelect}>
              <span className="cc-menu-check">
                {item.current && <Check aria-label="current" size={14} />}
              </span>
              {item.label}
            </RadixMenu.Item>
          ))}
          {footer && (
            <>
              <RadixMenu.Separator className="cc-menu-separator" />
              <RadixMenu.Item className="cc-menu-item" onSelect={footer.onSelect}>
                <span className="cc-menu-check" />
                {footer.label}
              </RadixMenu.Item>
            </>
          )}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}
