import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown } from "lucide-react";
import type { ReactNode } from "react";

export type MenuItem = { key: string; label: ReactNode; current?: boolean; onSelect: () => void };

/**
 * A switcher: a button showing the current choice that opens a Radix menu
 * (arrow keys, typeahead, Escape) of the others. `label` names the button for
 * assistive technology ("Switch server"), `value` is what it shows.
 */
export function SwitcherMenu({
  label,
  value,
  items,
  footer,
}: {
  label: string;
  value: ReactNode;
  items: MenuItem[];
  footer?: MenuItem;
}) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger className="cc-switcher" aria-label={label} title={label}>
        <span className="cc-switcher-value">{value}</span>
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
