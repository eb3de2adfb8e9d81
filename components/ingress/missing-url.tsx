import type { InputType } from "@/lib/ingress/schema";

/** LiveKit answered without a base URL: it has none configured for this input type. */
export function MissingUrl({ inputType }: { inputType: InputType }) {
  const key = inputType === "whip" ? "whip_base_url" : "rtmp_base_url";
  return (
    <div
      role="note"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      LiveKit has no {inputType.toUpperCase()} address configured, so it gave none for this input:
      the stream key alone is not enough to publish. Set <code>ingress.{key}</code> in livekit.yaml
      to the address livekit/ingress listens on (e.g.{" "}
      <code>
        {inputType === "whip"
          ? "https://ingress.example.com/w"
          : "rtmp://ingress.example.com:1935/x"}
      </code>
      ), restart livekit-server, and reveal again: the key stays the same.
    </div>
  );
}
