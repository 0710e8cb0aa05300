import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
let gw: TestGateway;
// biome-ignore lint/suspicious/noExplicitAny: the document as served, checked by the validator
let doc: any;

beforeAll(async () => {
  gw = await startTestGateway();
  const http = httpClient(gw.url);
  const user = await http.login((await gw.seedUser('client', password)).email, password);
  const answer = await http.call('GET', '/docs/json', user);
  expect(answer.status).toBe(200);
  doc = answer.body;
}, 30_000);
afterAll(async () => {
  await gw?.stop();
});

/** `/v1/users/:id` as OpenAPI writes it: `/v1/users/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI specification it declares', async () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    // The validator dereferences in place: it gets its own copy.
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('would be refused with a broken reference or a 3.1-only schema (the validator is not lax)', async () => {
    const badRef = structuredClone(doc);
    badRef.components.schemas.ApiError.properties.error = { $ref: '#/components/schemas/Nothing' };
    expect((await validate(badRef)).valid).toBe(false);
    const typeList = structuredClone(doc);
    typeList.components.schemas.ApiError.properties.error.type = ['string', 'null'];
    expect((await validate(typeList)).valid).toBe(false);
  });

  it('shows every /v1 route with each response code it declares', () => {
    const v1 = gw.routes.filter((route) => route.url.startsWith('/v1') && route.method !== 'HEAD');
    expect(v1.length).toBeGreaterThan(30);
    // @fastify/websocket hides its routes from the document (OpenAPI 3.0 has no WebSocket); the
    // same events are documented as the SSE route `/v1/events/`. Only that one may be missing.
    const webSockets = v1.filter((route) => route.websocket === true);
    expect(webSockets.map((route) => route.url)).toEqual(['/v1/events/ws']);
    const missing: string[] = [];
    for (const route of v1.filter((r) => r.websocket !== true)) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        const operation = doc.paths[openApiPath(route.url)]?.[method.toLowerCase()];
        const declared = Object.keys((route.schema?.response as object | undefined) ?? {});
        if (!operation) missing.push(`${method} ${route.url}`);
        else if (declared.length === 0) missing.push(`${method} ${route.url}: no response schemas`);
        else
          for (const code of declared)
            if (!(code in operation.responses)) missing.push(`${method} ${route.url}: ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
