/**
 * Multipart uploads under /LOGIN/uploads (mmpu): create, the 301 that locates
 * an upload by id, part PUTs, state, commit and abort. Listings of
 * /LOGIN/uploads/... are ordinary directory listings (storage routes).
 */
import { Hono, type Context } from "hono";
import { MantaError } from "../../core/errors.ts";
import { uploadStateJSON } from "../../core/wire/mpu.ts";
import type { AppEnv } from "../env.ts";
import { jsonResponse } from "../http.ts";
import { authenticate, authorize, resolveTarget } from "../middleware/authenticate.ts";
import { putObject } from "../storage/put-object.ts";
import { createUpload } from "../uploads/create.ts";
import { abortUpload, commitUpload } from "../uploads/commit.ts";
import { loadUpload, UUID } from "../uploads/common.ts";

export const uploads = new Hono<AppEnv>();

const chain = [authenticate, resolveTarget, authorize] as const;
const PARTS = `/:login/uploads/:prefix{[0-9a-f]{1,4}}/:id{${UUID}}`;

uploads.post("/:login/uploads", ...chain, createUpload);

// Every later mmpu call first finds the upload by id alone.
uploads.all(`/:login/uploads/:id{${UUID}}/:rest{.*}?`, ...chain, async (c) => {
  const u = await loadUpload(c.env, c.req.param("login"), c.req.param("id"));
  const rest = c.req.param("rest");
  return c.body(null, 301, { location: rest ? `${u.partsDirectory}/${rest}` : u.partsDirectory });
});

uploads.get(`${PARTS}/state`, ...chain, async (c) => {
  const u = await loadUpload(c.env, c.req.param("login"), c.req.param("id"));
  return jsonResponse(uploadStateJSON(u), 200);
});

uploads.post(`${PARTS}/commit`, ...chain, (c) => commitUpload(c, c.req.param("id")));
uploads.post(`${PARTS}/abort`, ...chain, (c) => abortUpload(c, c.req.param("id")));

uploads.put(`${PARTS}/:part`, ...chain, async (c: Context<AppEnv>) => {
  const part = c.req.param("part")!;
  if (!/^([0-9]|[1-9][0-9]{0,3})$/.test(part)) throw new MantaError("MultipartUploadInvalidArgument", `${part} is not a valid part number (0-9999)`);
  if (c.req.header("durability-level") !== undefined || c.req.header("x-durability-level") !== undefined) {
    throw new MantaError("MultipartUploadInvalidArgument", "parts inherit the upload's durability-level");
  }
  const u = await loadUpload(c.env, c.req.param("login")!, c.req.param("id")!);
  if (u.state !== "created") throw new MantaError("InvalidMultipartUploadState", `upload ${u.id}: already finalized`);
  return putObject(c, u.numCopies);
});
