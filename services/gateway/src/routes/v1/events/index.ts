import websocket from '@fastify/websocket';
import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { HttpError } from '../../../errors/http-error.ts';
import { type ReplayFrom, replayAfter, replayLimit } from '../../../ops/audit-replay.ts';
import { type Audience, audienceOf } from '../../../ops/live-audience.ts';
import { openLiveStream } from '../../../ops/live-stream.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** A stream whose client reads slower than this much buffered output is closed; it resumes by id. */
const maxBufferedBytes = 1024 * 1024;

/**
 * Live audit events, filtered to what the caller may see: Server-Sent Events (`id` = audit seq,
 * resumable with `Last-Event-ID`) and the same events as WebSocket JSON messages.
 */
export const eventRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db, ops }) => {
  const tags = ['events'];
  const deps = {
    live: ops.live,
    replay: (audience: Audience, from: ReplayFrom) => replayAfter(db, audience, from),
  };
  // Open SSE responses, ended before the server closes (they would hold its close forever).
  const streams = new Set<() => void>();
  fastify.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  await fastify.register(websocket);

  fastify.get(
    '/',
    {
      schema: {
        summary: 'Live events as Server-Sent Events (text/event-stream), resumable with Last-Event-ID',
        description:
          'Each audit event is an unnamed event (`id` = its audit seq, `data` = a LiveEvent). A stream resumed with Last-Event-ID first replays the stored events after it, then sends one `resumed` event (data: LiveResumed) before the live ones. A stream that does not resume, asked for `recent`, first sends the newest that many stored events, then one `recent` event (data: LiveRecent).',
        tags,
        headers: api.liveEventsHeaders,
        querystring: api.liveEventsQuery,
        response: api.errorResponses,
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const after = request.headers['last-event-id'] ?? request.query.lastEventId;
      const { recent } = request.query;
      const raw = reply.raw;
      let stop = () => {};
      let heartbeat: NodeJS.Timeout | undefined;
      const end = () => {
        stop();
        clearInterval(heartbeat);
        streams.delete(end);
        raw.end();
      };
      const write = (text: string) => {
        if (raw.writableEnded) return;
        raw.write(text);
        if (raw.writableLength > maxBufferedBytes) end();
      };
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-like proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      // The socket is never idle for the server's time-outs: heartbeats keep it busy instead.
      request.raw.socket.setTimeout(0);
      streams.add(end);
      request.raw.on('close', end);
      write(': connected\n\n');
      try {
        stop = await openLiveStream(
          deps,
          await audienceOf(db, principal),
          replayFrom(after, recent),
          (event) => write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`),
          // Named events (only their listeners get them): where the stream resumed and how many stored
          // events it replayed, or how many recent ones it began with, so a page can say so.
          (replayed) =>
            write(
              after === undefined
                ? `event: recent\ndata: ${JSON.stringify(api.liveRecent.parse({ replayed }))}\n\n`
                : `event: resumed\ndata: ${JSON.stringify(api.liveResumed.parse({ afterSeq: after, replayed }))}\n\n`,
            ),
        );
      } catch (error) {
        request.log.error({ err: error }, 'live stream failed to start');
        end();
        return;
      }
      if (raw.writableEnded) {
        stop();
        return;
      }
      heartbeat = setInterval(() => write(': heartbeat\n\n'), ops.heartbeatMs);
    },
  );

  fastify.get(
    '/ws',
    {
      websocket: true,
      schema: {
        summary: 'Live events as WebSocket JSON messages (resume with ?lastEventId=)',
        tags,
        querystring: api.liveEventsQuery,
        response: api.errorResponses,
      },
      preHandler: async (request) => {
        const principal = requirePrincipal(request);
        // A browser sends the session cookie on any site's WebSocket: only our own pages may use it.
        if (principal.via === 'session' && !sameOrigin(request.headers.origin, request.headers.host))
          throw new HttpError(403, 'csrf', 'cross-origin WebSocket refused');
      },
    },
    async (socket, request) => {
      const principal = requirePrincipal(request);
      let stop = () => {};
      const heartbeat = setInterval(() => socket.ping(), ops.heartbeatMs);
      socket.on('close', () => {
        clearInterval(heartbeat);
        stop();
      });
      const send = (event: api.LiveEvent) => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(JSON.stringify(event));
        if (socket.bufferedAmount > maxBufferedBytes) socket.close(1013, 'too slow');
      };
      try {
        const { lastEventId, recent } = request.query;
        stop = await openLiveStream(
          deps,
          await audienceOf(db, principal),
          replayFrom(lastEventId, recent),
          send,
        );
      } catch (error) {
        request.log.error({ err: error }, 'live stream failed to start');
        socket.close(1011, 'internal error');
        return;
      }
      if (socket.readyState !== socket.OPEN) stop();
    },
  );
};

/** A resumed stream replays what it missed; a new one, asked for `recent`, the newest that many events. */
function replayFrom(lastEventId: number | undefined, recent: number | undefined): ReplayFrom | undefined {
  if (lastEventId !== undefined) return { afterSeq: lastEventId, newest: replayLimit };
  if (recent !== undefined) return { afterSeq: 0, newest: recent };
  return undefined;
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
