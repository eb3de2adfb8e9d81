"use client";

import { Field } from "@/components/ui/field";

type Props = {
  passwordSet: boolean;
  value: string;
  onChange: (v: string) => void;
  errors?: string[];
};

/** Write-only: the current password is never sent to the browser, only whether there is one. */
export function PasswordField({ passwordSet, value, onChange, errors }: Props) {
  return (
    <Field
      label="Auth password"
      type="password"
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      errors={errors}
      hint={
        passwordSet
          ? "A password is set. Leave this empty to keep it; type one to replace it."
          : "No password is set. Type one to require it."
      }
    />
  );
}
