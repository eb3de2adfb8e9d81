import { timeAgo } from "@/lib/format";

/** Quiet for this long, a working setup is worth doubting. */
const QUIET_MS = 3 * 3_600_000;

/**
 * Whether LiveKit's webhooks reach this console, and how to make them: without them history
 * only has what the live list shows every 30 s.
 */
export function WebhookHealth({
  lastWebhook,
  url,
}: {
  lastWebhook: { at: string; dropped: number } | null;
  url: string;
}) {
  // eslint-disable-next-line react-hooks/purity -- a server component, rendered per request
  const now = Date.now();
  const quiet = lastWebhook ? now - Date.parse(lastWebhook.at) : Infinity;
  if (quiet < QUIET_MS)
    return (
      <p className="mb-4 text-sm text-slate-600" data-testid="webhook-health">
        Last webhook from LiveKit {timeAgo(Date.parse(lastWebhook!.at), now)}.
        {lastWebhook!.dropped > 0 &&
          ` LiveKit reported ${lastWebhook!.dropped} dropped webhooks before it: some events are missing.`}
      </p>
    );
  return (
    <div
      role="status"
      data-testid="webhook-health"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p className="font-medium">
        {lastWebhook
          ? `No webhook from LiveKit for ${timeAgo(Date.parse(lastWebhook.at), now).replace(" ago", "")}: is LiveKit still configured to send them to this console?`
          : "No webhook from LiveKit has reached this project yet: is LiveKit configured to send them here?"}
      </p>
      <p className="mt-1">
        Without webhooks, history comes only from the live room list, checked every 30 s: rooms that
        open and close in between are missed, and joins and leaves are not recorded.
      </p>
      <p className="mt-3">LiveKit must post its webhooks to</p>
      <code className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono text-xs">
        {url}
      </code>
      <details className="mt-3">
        <summary className="cursor-pointer font-medium">How to set it up</summary>
        <p className="mt-2">
          Self-hosted <code>livekit-server</code>: add to its config file, with this project&apos;s
          API key (the webhook is signed with it), and restart it:
        </p>
        <pre className="mt-1 overflow-x-auto rounded bg-white p-2 font-mono text-xs">{`webhook:
  api_key: <this project's API key>
  urls:
    - ${url}`}</pre>
        <p className="mt-2">
          LiveKit Cloud: in the project&apos;s dashboard, Settings → Webhooks, add this URL and
          choose this project&apos;s API key as the signing key. The console must be reachable from
          the internet at that address.
        </p>
      </details>
    </div>
  );
}
