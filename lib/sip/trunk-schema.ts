import { z } from "zod";
import { metadataSchema } from "@/lib/rooms/control-schema";

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;
const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const isIpv6 = (v: string) => z.ipv6().safeParse(v).success;
const isIp = (v: string) => IPV4.test(v) || isIpv6(v);

/** An address a call may come from: an IP, a CIDR range or a host name. */
export function isAllowedAddress(v: string): boolean {
  const [ip, bits, extra] = v.split("/");
  if (extra !== undefined || ip === undefined) return false;
  if (bits === undefined) return isIp(ip) || HOST.test(ip);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const max = IPV4.test(ip) ? 32 : isIpv6(ip) ? 128 : -1;
  return Number(bits) <= max;
}

/** Where outbound calls go: a host name or IP, with an optional port ("sip.example.com:5060"). */
export function isSipAddress(v: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(v);
  if (bracketed) return isIpv6(bracketed[1]!) && portOk(bracketed[2]);
  const [host, port, extra] = v.split(":");
  if (extra !== undefined || !host) return false;
  return (isIp(host) || HOST.test(host)) && portOk(port);
}
const portOk = (p: string | undefined) => p === undefined || (Number(p) >= 1 && Number(p) <= 65535);

const list = (label: string, max: number, item: z.ZodType<string>) =>
  z.array(item).max(max, `${label}: at most ${max} entries`);

const number = (label: string) =>
  z.string().refine((v) => E164.test(v), {
    error: (iss) =>
      `${label}: ${JSON.stringify(iss.input)} is not an E.164 number (a "+", the country code, then the number, e.g. +15551234567)`,
  });

export const numbersSchema = (label: string) => list(label, 100, number(label));

const allowedAddress = z.string().refine(isAllowedAddress, {
  error: (iss) =>
    `Allowed addresses: ${JSON.stringify(iss.input)} is not an IP address, a CIDR range (203.0.113.0/24) or a host name`,
});

export const authUsernameSchema = z
  .string()
  .max(128, "Auth username must be at most 128 characters")
  .regex(/^[^\s:@]*$/, "Auth username cannot hold spaces, ':' or '@'");

/** Write-only: absent or empty keeps the trunk's current password. */
export const authPasswordSchema = z
  .string()
  .max(128, "Auth password must be at most 128 characters")
  .optional();

export const trunkIdSchema = z
  .string()
  .regex(/^ST_[A-Za-z0-9]{1,40}$/, "Trunk id must look like ST_…");

const name = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

// Only what a trunk cannot do without is required; the rest defaults to "none".
export const inboundTrunkFormSchema = z.object({
  name,
  numbers: numbersSchema("Numbers").default([]),
  allowedAddresses: list("Allowed addresses", 100, allowedAddress).default([]),
  allowedNumbers: numbersSchema("Allowed numbers").default([]),
  authUsername: authUsernameSchema.default(""),
  authPassword: authPasswordSchema,
  metadata: metadataSchema("Metadata").default(""),
});
export type InboundTrunkForm = z.infer<typeof inboundTrunkFormSchema>;

export const TRANSPORTS = ["auto", "udp", "tcp", "tls"] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export const outboundTrunkFormSchema = z.object({
  name,
  address: z.string().refine(isSipAddress, {
    error: (iss) =>
      `Address: ${JSON.stringify(iss.input)} is not a host name or IP with an optional port (sip.example.com:5060)`,
  }),
  transport: z
    .enum(TRANSPORTS, { error: "Transport must be auto, udp, tcp or tls" })
    .default("auto"),
  numbers: numbersSchema("Numbers").min(
    1,
    "Numbers: an outbound trunk needs at least one number to call from",
  ),
  authUsername: authUsernameSchema.default(""),
  authPassword: authPasswordSchema,
  metadata: metadataSchema("Metadata").default(""),
});
export type OutboundTrunkForm = z.infer<typeof outboundTrunkFormSchema>;

export const updateInboundTrunkSchema = inboundTrunkFormSchema.extend({ id: trunkIdSchema });
export const updateOutboundTrunkSchema = outboundTrunkFormSchema.extend({ id: trunkIdSchema });
export const trunkRefSchema = z.object({ id: trunkIdSchema });

/** Lines or commas to a list (the forms' text areas). */
export const splitList = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
