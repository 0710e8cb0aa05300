/** One Server-Sent Event as a test sees it. */
export interface SseEvent {
  id: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read any field
  data: any;
}

export interface SseClient {
  status: number;
  /** Unnamed events (the audit events). */
  events: SseEvent[];
  /** Named events (`event: resumed`), with their name. */
  named: Array<SseEvent & { name: string }>;
  /** Comment lines (`: heartbeat`) received. */
  comments: string[];
  /** True once the server ended the stream. */
  ended: boolean;
  close(): void;
}

/** Opens an event stream with fetch and collects its events until closed. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const client: SseClient = {
    status: response.status,
    events: [],
    named: [],
    comments: [],
    ended: false,
    close: () => abort.abort(),
  };
  if (response.status !== 200 || response.body === null) {
    await response.body?.cancel();
    return client;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          client.ended = true;
          return;
        }
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          parseFrame(buffer.slice(0, end), client);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return client;
}

function parseFrame(frame: string, client: SseClient): void {
  let id: string | undefined;
  let name: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return;
  const event = { id, data: JSON.parse(data.join('\n')) };
  if (name === undefined) client.events.push(event);
  else client.named.push({ ...event, name });
}
