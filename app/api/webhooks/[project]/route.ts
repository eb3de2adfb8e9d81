import { receiveWebhook, MAX_WEBHOOK_BYTES } from "@/lib/history";
import { readLimited } from "@/lib/http/limited-body";

/**
 * LiveKit's webhooks for one project (POST /api/webhooks/<project>). No session: the
 * signature, made with the project's API secret, is the credential.
 */
export async function POST(req: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  // Read no further than a webhook can be, whether or not the size was declared (chunked).
  const body = await readLimited(req, MAX_WEBHOOK_BYTES);
  if (!body.ok)
    return Response.json(
      { ok: false, error: "Too large for a LiveKit webhook." },
      { status: 413, headers: { "Cache-Control": "no-store" } },
    );
  const answer = await receiveWebhook(project, body.text, req.headers.get("authorization"));
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (answer.retryAfterSec !== undefined) headers["Retry-After"] = String(answer.retryAfterSec);
  return Response.json(answer.body, { status: answer.status, headers });
}
