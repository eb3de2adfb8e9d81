"use client";

import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/procedures/result";
import { PasswordField } from "./password-field";

type Values = { authUsername: string; authPassword: string; metadata: string };

/** What both kinds of trunk ask last: the digest credentials (password write-only) and metadata. */
export function CredentialFields({
  values,
  passwordSet,
  errors,
  set,
}: {
  values: Values;
  passwordSet: boolean;
  errors: FieldErrors | undefined;
  set: (k: keyof Values) => (v: string) => void;
}) {
  return (
    <>
      <Field
        label="Auth username"
        value={values.authUsername}
        autoComplete="off"
        onChange={(e) => set("authUsername")(e.target.value)}
        errors={errors?.authUsername}
      />
      <PasswordField
        passwordSet={passwordSet}
        value={values.authPassword}
        onChange={set("authPassword")}
        errors={errors?.authPassword}
      />
      <Field
        label="Metadata"
        multiline
        value={values.metadata}
        onChange={(e) => set("metadata")(e.target.value)}
        errors={errors?.metadata}
      />
    </>
  );
}
