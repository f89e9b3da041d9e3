/** The front Worker: composes the routes, the error handler and the Durable Object exports. */
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { onError } from "./middleware/on-error.ts";
import { requestContext } from "./middleware/request-context.ts";
import { admin } from "./routes/admin.ts";
import { jobs } from "./routes/jobs.ts";
import { medusa } from "./routes/medusa.ts";
import { storage } from "./routes/storage.ts";
import { uploads } from "./routes/uploads.ts";

const app = new Hono<AppEnv>();
app.use("*", requestContext);
app.route("/_mobula", admin);
app.route("/", uploads);
app.route("/", jobs);
app.route("/", medusa);
app.route("/", storage);
app.onError(onError);
app.notFound((c) => c.json({ code: "ResourceNotFound", message: `${new URL(c.req.url).pathname} was not found` }, 404));

export default app satisfies ExportedHandler<Env>;

export { AccountsDO } from "../durable-objects/accounts.ts";
export { BlobRefsDO } from "../durable-objects/blob-refs.ts";
export { DirectoryDO } from "../durable-objects/directory.ts";
export { JobDO } from "../durable-objects/job/job.ts";
export { JobIndexDO } from "../durable-objects/job-index.ts";
export { ReflectorDO } from "../durable-objects/reflector.ts";
export { ShardDO } from "../durable-objects/shard/shard.ts";
export { UploadDO } from "../durable-objects/upload.ts";
export { TaskStorage } from "./task-storage.ts";
