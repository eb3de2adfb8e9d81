import { Fragment } from "react";
import { hasHiddenCharacters, visibleName } from "@/lib/rooms/room-name";

/**
 * A room name as a person can tell it apart: invisible characters and edge spaces shown as
 * ⟨U+…⟩ markers, so two look-alike rooms never look the same.
 */
export function RoomName({ name }: { name: string }) {
  if (!hasHiddenCharacters(name)) return <>{name}</>;
  const parts = visibleName(name).split(/(⟨U\+[0-9A-F]{4,6}⟩)/);
  return (
    <span title="This name contains invisible characters, shown as ⟨U+…⟩">
      {parts.map((p, i) =>
        /^⟨U\+/.test(p) ? (
          <code key={i} className="mx-px rounded bg-amber-100 px-0.5 text-[0.75em] text-amber-900">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </span>
  );
}
