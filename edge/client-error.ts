// Maps Node's HTTP parser errors ('clientError') to clean 4xx answers. Without this, Node
// would answer a bare 400, and workerd (behind us) would have answered 5xx or nothing.
import type { EdgeError } from "./errors.js";
import { ALLOWED_METHODS } from "./validate.js";

interface ParserError extends Error {
  code?: string;
  reason?: string;
}

/** null means "the client is gone": close the socket without answering. */
export function mapClientError(err: ParserError): EdgeError | null {
  const reason = err.reason ?? err.message;
  switch (err.code) {
    case "ECONNRESET":
    case "EPIPE":
      return null;
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, code: "RequestHeaderFieldsTooLarge", message: "the request headers are too large" };
    case "HPE_INVALID_METHOD":
      return {
        status: 405,
        code: "MethodNotAllowed",
        message: "the request method is not a known HTTP method",
        headers: { allow: ALLOWED_METHODS.join(", ") },
      };
    case "HPE_INVALID_CONTENT_LENGTH":
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
      return { status: 400, code: "InvalidHeader", message: `bad content-length: ${reason}` };
    case "HPE_INVALID_TRANSFER_ENCODING":
      return { status: 400, code: "InvalidHeader", message: `bad transfer-encoding: ${reason}` };
    case "HPE_INVALID_EOF_STATE":
      return {
        status: 400,
        code: "BadRequest",
        message: "the request body ended before it was complete (content-length or chunked framing)",
      };
    case "HPE_INVALID_URL":
      return { status: 400, code: "InvalidResource", message: "the request target is not a valid path" };
    case "HPE_HEADERS_TIMEOUT":
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "RequestTimeout", message: "the request headers took too long to arrive" };
    default:
      return { status: 400, code: "BadRequest", message: `malformed HTTP request: ${reason}` };
  }
}
