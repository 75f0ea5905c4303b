import type { ButtonHTMLAttributes } from "react";

export function Button({
  variant = "primary",
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" }) {
  return <button type="button" className={`cc-button cc-button-${variant} ${className ?? ""}`} {...props} />;
}
