import type { ServerResponse } from 'node:http';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers?: Record<string, string>,
) {
  const body = JSON.stringify(payload);
  res.writeHead(status, headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS);
  res.end(body);
}

export function sendSuccess(res: ServerResponse, result: unknown, meta: Record<string, unknown> | undefined) {
  sendJson(res, 200, meta ? { success: true, result, meta } : { success: true, result });
}

/** Delta's error envelope. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  context?: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  sendJson(res, status, { success: false, error: context ? { code, context } : { code } }, headers);
}
