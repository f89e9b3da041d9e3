// The test Worker behind sandbox/test-wrangler.toml: a /ping route (to show the
// thread stays responsive while a sandbox computes) and the bench hook.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ping") return new Response("pong");
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler;
