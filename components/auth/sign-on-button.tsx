import { buttonClass } from "@/components/ui/button";

/**
 * "Sign in with <provider>": a plain link (works before the page's scripts run), answered with
 * a redirect to the provider. Not a form: the page's `form-action 'self'` would stop the
 * browser from following a form's redirect to the provider.
 */
export function SignOnButton({ name, next }: { name: string; next?: string }) {
  const href = `/api/auth/oidc/start${next ? `?${new URLSearchParams({ next })}` : ""}`;
  return (
    <a href={href} className={buttonClass({ className: "mt-4 w-full" })}>
      Sign in with {name}
    </a>
  );
}
