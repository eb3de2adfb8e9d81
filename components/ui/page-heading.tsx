import type { ReactNode } from "react";

/** A page's title (the section's label, by `id`) and the line under it. */
export function PageHeading({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="mb-4">
      <h1 id={id} className="text-2xl font-semibold tracking-tight">
        {title}
      </h1>
      {children && (
        <p className="mt-1 text-sm text-slate-600" data-testid={testId}>
          {children}
        </p>
      )}
    </div>
  );
}
