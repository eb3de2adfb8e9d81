"use client";

import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type Failure = { message: string; fieldErrors?: Record<string, string[]> };

/**
 * Signs in through /api/auth/sign-in. Submitted before the page's scripts run, the browser
 * posts the form there itself (never a GET: the password would land in the address, the
 * history and the server's logs) and comes back by redirects; `failed` is that way's answer.
 */
export function SignInForm({
  next,
  failed,
  username,
  shownAbove,
}: {
  next?: string;
  failed?: string;
  /** A message the page already shows above the form: not repeated as the form's answer. */
  shownAbove?: string;
  /** Typed before a failed sign-in that the browser posted itself: kept, password next. */
  username?: string;
}) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>(
    failed ? { message: failed } : undefined,
  );

  // After a failed attempt, focus goes where the next key press belongs: the field that was
  // wrong, or the (cleared) password.
  useEffect(() => {
    if (!failure) return;
    const field = failure.fieldErrors?.username ? "username" : "password";
    document.getElementById(`sign-in-${field}`)?.focus();
  }, [failure]);

  // The fields are read from the form, not kept in state: what was typed before the page's
  // scripts ran is in the fields, and React's state would not have it.
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const v = data.get(name);
      return typeof v === "string" ? v : "";
    };
    const username = text("username");
    const password = text("password");
    setPending(true);
    setFailure(undefined);
    try {
      const res = await fetch("/api/auth/sign-in", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username, password, next }),
      });
      const body = (await res.json()) as
        { ok: true; data: { redirectTo: string } } | { ok: false; error: Failure };
      if (body.ok) {
        // A full load, so every server component reads the new session.
        window.location.assign(body.data.redirectTo);
        return;
      }
      setFailure(body.error);
      const field = form.elements.namedItem("password");
      if (field instanceof HTMLInputElement) field.value = "";
    } catch {
      setFailure({ message: "The console's server did not answer. Try again." });
    }
    setPending(false);
  }

  return (
    <form
      method="post"
      action="/api/auth/sign-in"
      onSubmit={(e) => void onSubmit(e)}
      className="mt-4 space-y-4"
      noValidate
    >
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        label="Username"
        id="sign-in-username"
        name="username"
        autoComplete="username"
        errors={failure?.fieldErrors?.username}
        defaultValue={username}
        autoFocus={!username}
        required
      />
      <Field
        label="Password"
        id="sign-in-password"
        name="password"
        type="password"
        autoComplete="current-password"
        errors={failure?.fieldErrors?.password}
        autoFocus={!!username}
        required
      />
      {failure && !failure.fieldErrors && failure.message !== shownAbove && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {failure.message}
        </p>
      )}
      <Button type="submit" className="w-full" busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
