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
// muskie's part numbers: 0 to 799, no leading zeros.
const MIN_PART = 0;
const MAX_PART = 799;
const PART_NUMBER = /^(0|[1-9][0-9]{0,2})$/;
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
  if (!PART_NUMBER.test(part) || Number(part) > MAX_PART) throw new MantaError("MultipartUploadInvalidArgument", `${part} is not a valid part number (${MIN_PART}-${MAX_PART})`);
  if (c.req.header("durability-level") !== undefined || c.req.header("x-durability-level") !== undefined) {
    throw new MantaError("MultipartUploadInvalidArgument", "parts inherit the upload's durability-level");
  }
  const u = await loadUpload(c.env, c.req.param("login")!, c.req.param("id")!);
  if (u.state !== "created") throw new MantaError("InvalidMultipartUploadState", `upload ${u.id}: already finalized`);
  return putObject(c, u.numCopies);
});

// Anything else that names an upload by a malformed id (muskie: "upload ID ... not found"),
// except listings of /LOGIN/uploads, which the storage routes answer.
uploads.on(["POST", "PUT", "DELETE"], "/:login/uploads/:id/:rest{.*}?", ...chain, (c) => {
  throw new MantaError("ResourceNotFound", `upload ID ${c.req.param("id")} was not found`);
});
