import "server-only";
import type { RoomDetail } from "@/lib/rooms/participants";
import type { SessionDetail, SessionView } from "@/lib/history/view";

/** "+15551234567" → "+1555•••4567": enough to tell calls apart, not to call back. */
export function maskNumber(n: string): string {
  if (n.length <= 6) return "•".repeat(n.length);
  return `${n.slice(0, 5)}${"•".repeat(Math.max(3, n.length - 9))}${n.slice(-4)}`;
}

// A phone number inside any text: LiveKit's SIP service names a caller "sip_+15551234567"
// (identity) and "Phone +15551234567" (name) unless its rule hides the number.
const NUMBER_RUN = /\+?\d{7,15}/g;

/** Every phone-number-like run in `text` masked (identities, names, timeline lines). */
export const maskPhoneText = (text: string) => text.replace(NUMBER_RUN, maskNumber);

/** A room as a viewer sees it: callers' numbers partly masked, in their facts and their names. */
export function maskCallers(d: RoomDetail): RoomDetail {
  if (!d.exists) return d;
  return {
    ...d,
    participants: d.participants.map((p) =>
      p.kind === "sip" || p.sip
        ? {
            ...p,
            identity: maskPhoneText(p.identity),
            name: maskPhoneText(p.name),
            ...(p.sip ? { sip: { ...p.sip, phoneNumber: maskNumber(p.sip.phoneNumber) } } : {}),
          }
        : p,
    ),
  };
}

/** A History session as a viewer sees it: numbers in identities masked. */
export const maskSession = (s: SessionView): SessionView => ({
  ...s,
  identities: s.identities.map(maskPhoneText),
});

/** A session page as a viewer sees it: numbers in identities and timeline lines masked. */
export const maskSessionDetail = (d: SessionDetail): SessionDetail => ({
  ...d,
  session: maskSession(d.session),
  timeline: d.timeline.map((t) => ({
    ...t,
    text: maskPhoneText(t.text),
    ...(t.detail === undefined ? {} : { detail: maskPhoneText(t.detail) }),
  })),
});
