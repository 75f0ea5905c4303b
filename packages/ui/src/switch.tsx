import type { ButtonHTMLAttributes } from "react";

/**
 * An on/off switch: a button with role="switch" and aria-checked, named by
 * `label` (e.g. "Internet egress for Beta Team"), showing "on" or "off".
 */
export function Switch({
  checked,
  onCheckedChange,
  label,
  className,
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onChange" | "role" | "aria-checked" | "aria-label"> & {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  label: string;
}) {
  return (
    <button
      {...props}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      className={`cc-switch ${className ?? ""}`}
      onClick={() => onCheckedChange(!checked)}
    >
      <span className="cc-switch-track" aria-hidden>
        <span className="cc-switch-thumb" />
      </span>
      <span className="cc-switch-text" aria-hidden>
        {checked ? "on" : "off"}
      </span>
    </button>
  );
}
