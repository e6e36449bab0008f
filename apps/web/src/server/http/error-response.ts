import { type AppErrorCode, isAppError } from "@myoscope/core/errors/app-error";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

/** Maps a thrown error to a JSON response; the only place route handlers do it. */
export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) {
    return Response.json(
      { error: { code: error.code, message: error.message } },
      { status: HTTP_STATUS[error.code] },
    );
  }
  console.error("[http]", error);
  return Response.json({ error: { code: "INTERNAL", message: "internal error" } }, { status: 500 });
}
