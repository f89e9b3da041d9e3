/** Baseline for `npm run bench`: PUT streams the body into R2, GET streams it back, nothing else. */
interface BareEnv {
  BUCKET: R2Bucket;
}

export default {
  async fetch(req: Request, env: BareEnv): Promise<Response> {
    const key = new URL(req.url).pathname.slice(1);
    if (req.method === "PUT") {
      await env.BUCKET.put(key, req.body);
      return new Response(null, { status: 204 });
    }
    const obj = await env.BUCKET.get(key);
    if (!obj) return new Response("not found", { status: 404 });
    if (new URL(req.url).searchParams.has("count-lines")) {
      // Sandbox baseline: read the whole object in the Worker and count newlines.
      let lines = 0;
      const reader = obj.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      }
      return new Response(String(lines));
    }
    return new Response(obj.body, { headers: { "content-length": String(obj.size) } });
  },
} satisfies ExportedHandler<BareEnv>;
