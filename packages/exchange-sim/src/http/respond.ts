import type { ServerResponse } from 'node:http';
import { DeltaError } from '../engine/errors.ts';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers?: Record<string, string>,
) {
  // The client may have hung up while its request was processed: the answer has nowhere to go.
  if (res.destroyed) return;
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

/** 429 without an error code, like a gateway's: clients classify it by status and reset header. */
export function sendRateLimited(res: ServerResponse, resetMs: number): void {
  const headers = { 'X-RATE-LIMIT-RESET': String(resetMs) };
  sendJson(res, 429, { success: false, error: { context: { reset_in_ms: resetMs } } }, headers);
}

export function sendFailure(res: ServerResponse, err: unknown): void {
  if (err instanceof DeltaError) {
    sendError(res, err.status, err.code, err.context);
    return;
  }
  process.stderr.write(`[exchange-sim] internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
  sendError(res, 500, 'internal_server_error');
}

/** An injected 5xx (`http_error` fault). */
export function sendInjected(res: ServerResponse, status: number): void {
  sendError(res, status, status === 500 ? 'internal_server_error' : 'unavailable');
}
