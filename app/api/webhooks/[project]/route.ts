import { receiveWebhook, MAX_WEBHOOK_BYTES } from "@/lib/history";

/**
 * LiveKit's webhooks for one project (POST /api/webhooks/<project>). No session: the
 * signature, made with the project's API secret, is the credential.
 */
export async function POST(req: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  const length = Number(req.headers.get("content-length") ?? 0);
  const body = length > MAX_WEBHOOK_BYTES ? "" : await req.text();
  const answer =
    length > MAX_WEBHOOK_BYTES || body.length > MAX_WEBHOOK_BYTES
      ? { status: 413, body: { ok: false, error: "Too large for a LiveKit webhook." } }
      : await receiveWebhook(project, body, req.headers.get("authorization"));
  return Response.json(answer.body, {
    status: answer.status,
    headers: { "Cache-Control": "no-store" },
  });
}
