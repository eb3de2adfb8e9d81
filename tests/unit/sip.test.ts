import { describe, expect, it } from "vitest";
import { sipError } from "@/lib/sip/errors";
import { maskNumber, maskPhoneText } from "@/lib/sip/mask";

describe("phone numbers as a viewer sees them", () => {
  it("keeps the country code's start and the last four digits", () => {
    expect(maskNumber("+15551234567")).toBe("+1555•••4567");
    expect(maskNumber("+442071234567")).toBe("+4420••••4567");
    expect(maskNumber("12345")).toBe("•••••");
  });

  it("masks every number inside identities, names and timeline lines, and nothing else", () => {
    expect(maskPhoneText("sip_+15551234567")).toBe("sip_+1555•••4567");
    expect(maskPhoneText("Phone +15551234567")).toBe("Phone +1555•••4567");
    expect(maskPhoneText("sip_+15551234567 joined; sip_+15557654321 left")).toBe(
      "sip_+1555•••4567 joined; sip_+1555•••4321 left",
    );
    // Short digit runs (a room's "2", a year, an extension) are not phone numbers.
    expect(maskPhoneText("alice joined room-2026 ext 4411")).toBe(
      "alice joined room-2026 ext 4411",
    );
  });
});

describe("LiveKit's refusal of a number another trunk has", () => {
  const refusal = (message: string) => Object.assign(new Error(message), { status: 400 });

  it("names every number on the Numbers field, one or several (Go prints a list without commas)", () => {
    const one = sipError(
      refusal(
        'Conflicting inbound SIP Trunks: "<new>" and "ST_aaa111", using the same number(s) ["+15550000001"] without AllowedNumbers set',
      ),
      "http://lk",
    );
    expect(one.fieldErrors?.numbers?.[0]).toMatch(
      /^Numbers: \+15550000001 already belong to trunk ST_aaa111/,
    );
    const two = sipError(
      refusal(
        'Conflicting inbound SIP Trunks: "<new>" and "ST_bbb222", using the same number(s) ["+15550000001" "+15550000002"] without AllowedNumbers set',
      ),
      "http://lk",
    );
    expect(two.code).toBe("conflict");
    expect(two.fieldErrors?.numbers?.[0]).toMatch(
      /^Numbers: \+15550000001, \+15550000002 already belong to trunk ST_bbb222/,
    );
  });
});
