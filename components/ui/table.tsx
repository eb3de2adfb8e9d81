import type { MouseEventHandler, ReactNode, ThHTMLAttributes } from "react";

/**
 * The frame every table of the console shares: scrolls inside its own box on narrow screens,
 * dims while its data is stale, and can carry a bar (bulk selection) above the rows.
 */
export function Table({
  children,
  head,
  bar,
  stale,
  dense,
  label,
  bodyClassName = "",
  onLinkClick,
}: {
  children: ReactNode;
  /** The header cells (`<Th>`), in one row. */
  head: ReactNode;
  bar?: ReactNode;
  stale?: boolean;
  /** Narrow cell padding, for wide tables that must fit a laptop; one-line rows. */
  dense?: boolean;
  /** Names the scrolling box for keyboard and screen-reader users. */
  label?: string;
  /** Styles for every row's cells, given once (see .rooms-rows in globals.css). */
  bodyClassName?: string;
  /** Navigates for the rows' plain links (useClientLinks): one handler, not one per link. */
  onLinkClick?: MouseEventHandler<HTMLElement>;
}) {
  return (
    <div
      // A box that scrolls sideways on a narrow screen must be reachable by keyboard.
      tabIndex={0}
      role="region"
      aria-label={label ?? "Table"}
      data-dense={dense || undefined}
      className={`group/table relative overflow-x-auto rounded-lg focus-visible:outline-2 focus-visible:outline-blue-600 border border-slate-200 bg-white shadow-sm ${stale ? "opacity-60" : ""}`}
    >
      {bar}
      <table className="w-full text-left text-sm" aria-busy={stale || undefined}>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody
          className={`divide-y divide-slate-100 ${dense ? "" : "align-top"} ${bodyClassName}`}
          onClick={onLinkClick}
        >
          {children}
        </tbody>
      </table>
    </div>
  );
}

/** A column header; `srLabel` names a column only for screen readers (tick boxes, buttons). */
export function Th({
  children,
  numeric,
  srLabel,
  className = "",
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; srLabel?: string }) {
  return (
    <th
      scope="col"
      className={`px-3 py-2 font-medium group-data-dense/table:px-2 ${numeric ? "text-right" : ""} ${className}`}
      {...props}
    >
      {srLabel ? <span className="sr-only">{srLabel}</span> : children}
    </th>
  );
}
