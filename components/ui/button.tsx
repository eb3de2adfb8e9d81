import type { ButtonHTMLAttributes, MouseEvent } from "react";

// `aria-disabled` looks the same as `disabled` but keeps the button focusable: a button that
// disables itself while its action runs would drop keyboard focus to the page body.
const VARIANTS = {
  primary:
    "bg-slate-900 text-white hover:bg-slate-700 disabled:bg-slate-300 disabled:text-slate-700 aria-disabled:bg-slate-300 aria-disabled:text-slate-700",
  danger:
    "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-200 disabled:text-red-800 aria-disabled:bg-red-200 aria-disabled:text-red-800",
  secondary:
    "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400 aria-disabled:text-slate-400",
  ghost:
    "text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-300 aria-disabled:text-slate-300",
} as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof VARIANTS;
  size?: "sm" | "md";
  /**
   * The button's action is running: it ignores presses and says so (`aria-disabled`), but keeps
   * focus, so the next key press still lands where the user was.
   */
  busy?: boolean;
};

/** A button's look, for a link that acts as one (e.g. paging links that work without the app). */
export function buttonClass({
  variant = "primary",
  size = "md",
  className = "",
}: Pick<ButtonProps, "variant" | "size" | "className"> = {}) {
  const sizing = size === "sm" ? "h-8 px-2.5 text-xs" : "h-9 px-4 text-sm";
  return `inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors motion-reduce:transition-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed aria-disabled:cursor-not-allowed ${sizing} ${VARIANTS[variant]} ${className}`;
}

export function Button({
  variant = "primary",
  size = "md",
  className = "",
  type = "button",
  busy = false,
  onClick,
  ...props
}: ButtonProps) {
  const guarded = (e: MouseEvent<HTMLButtonElement>) => {
    if (busy) {
      // Also stops a submit button from submitting its form a second time.
      e.preventDefault();
      return;
    }
    onClick?.(e);
  };
  return (
    <button
      type={type}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      onClick={guarded}
      className={buttonClass({ variant, size, className })}
      {...props}
    />
  );
}
