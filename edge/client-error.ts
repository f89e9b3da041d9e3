// Maps Node's HTTP parser errors ('clientError') to clean 4xx answers. Without this, Node
// would answer a bare 400, and workerd (behind us) would have answered 5xx or nothing.
import { edgeError, type EdgeError } from "./errors.ts";
import { ALLOWED_METHODS } from "./validate.ts";

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
      return edgeError("RequestHeaderFieldsTooLarge", "the request headers are too large");
    case "HPE_INVALID_METHOD":
      return edgeError("MethodNotAllowed", "the request method is not a known HTTP method", { allow: ALLOWED_METHODS.join(", ") });
    case "HPE_INVALID_CONTENT_LENGTH":
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
      return edgeError("InvalidHeader", `bad content-length: ${reason}`);
    case "HPE_INVALID_TRANSFER_ENCODING":
      return edgeError("InvalidHeader", `bad transfer-encoding: ${reason}`);
    case "HPE_INVALID_EOF_STATE":
      return edgeError("BadRequest", "the request body ended before it was complete (content-length or chunked framing)");
    case "HPE_INVALID_URL":
      return edgeError("InvalidResource", "the request target is not a valid path");
    case "HPE_HEADERS_TIMEOUT":
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return edgeError("RequestTimeout", "the request headers took too long to arrive");
    default:
      return edgeError("BadRequest", `malformed HTTP request: ${reason}`);
  }
}
