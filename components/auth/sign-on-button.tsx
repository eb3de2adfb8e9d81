import { buttonClass } from "@/components/ui/button";

/**
 * "Sign in with <provider>": a plain form POST (works before the page's scripts run, and no
 * link on another site can start it), answered with a redirect to the provider.
 */
export function SignOnButton({ name, next }: { name: string; next?: string }) {
  return (
    <form action="/api/auth/oidc/start" method="post" className="mt-4">
      {next && <input type="hidden" name="next" value={next} />}
      <button type="submit" className={buttonClass({ className: "w-full" })}>
        Sign in with {name}
      </button>
    </form>
  );
}
