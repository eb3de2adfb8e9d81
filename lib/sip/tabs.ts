/** The telephony page's sections, in the URL as ?tab= so a link shows the same section. */
export const TABS = [
  { id: "trunks", label: "Trunks" },
  { id: "rules", label: "Dispatch rules" },
  { id: "calls", label: "Calls" },
] as const;
export type Tab = (typeof TABS)[number]["id"];

export const tabOf = (asked: unknown): Tab => TABS.find((t) => t.id === asked)?.id ?? "trunks";
