"use client";

/**
 * Where focus goes when a dialog closes: back to the control that opened it (Radix only does
 * that for its own `Trigger`, and our dialogs open from table rows, menus and bars), or, when
 * that control is gone (the deleted room's row, or that row now showing another room, the
 * selection bar of rooms just deleted, the removed participant), to the page's heading.
 * Otherwise focus would fall to the page body and a keyboard user would start again from the
 * top.
 *
 * The opener is the last element focused outside any dialog: a field with `autoFocus` takes
 * focus before Radix looks, so Radix's own "previously focused" is already inside the dialog.
 *
 * Spread the result on a Radix `Dialog.Content` or `AlertDialog.Content`.
 */
export function useReturnFocus() {
  trackFocus();
  return { onCloseAutoFocus };
}

const DIALOG = '[role="dialog"], [role="alertdialog"]';
let lastOutside: Element | null = null;
/** The room the opener's row showed then: rows are reused for other rooms (rooms-table.tsx). */
let lastOutsideRoom: string | null = null;
let tracking = false;

const roomOf = (el: Element) => el.closest("[data-room]")?.getAttribute("data-room") ?? null;
const remember = (el: Element) => {
  lastOutside = el;
  lastOutsideRoom = roomOf(el);
};

function trackFocus() {
  if (tracking || typeof document === "undefined") return;
  tracking = true;
  document.addEventListener(
    "focusin",
    (e) => {
      if (e.target instanceof Element && !e.target.closest(DIALOG)) remember(e.target);
    },
    true,
  );
  if (document.activeElement && document.activeElement !== document.body)
    remember(document.activeElement);
}

function onCloseAutoFocus(e: Event) {
  e.preventDefault();
  const opener = lastOutside;
  // A row that now shows another room (its own was deleted) is gone as far as focus goes.
  const same = opener !== null && roomOf(opener) === lastOutsideRoom;
  if (opener instanceof HTMLElement && opener.isConnected && same && !isInert(opener))
    opener.focus();
  else focusPageHeading();
}

const isInert = (el: HTMLElement) =>
  el.closest("[inert]") !== null || (el instanceof HTMLButtonElement && el.disabled);

/** Focuses the main heading of the page (made focusable by script, not by Tab). */
export function focusPageHeading() {
  const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector("main");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus();
}
