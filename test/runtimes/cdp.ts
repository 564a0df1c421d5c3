// A minimal Chrome DevTools Protocol client over the browser's websocket: numbered commands,
// flattened sessions, events to listeners. Node 20 has WebSocket behind
// --experimental-websocket; test/runtimes/run.ts passes that flag.

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
};

export interface CdpClient {
  /** Sends a command (to a page when `sessionId` is given) and resolves with its result. */
  send(
    method: string,
    params?: Record<string, unknown>,
    sessionId?: string,
  ): Promise<Record<string, unknown>>;
  /** Calls `listener` for every event named `method`. */
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  close(): void;
}

export async function connectCdp(url: string): Promise<CdpClient> {
  if (typeof WebSocket !== 'function') {
    throw new Error('this Node has no WebSocket; run it with --experimental-websocket');
  }
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), {
      once: true,
    });
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Message) => void }>();
  const listeners = new Map<string, Array<(params: Record<string, unknown>) => void>>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    if (message.id !== undefined) {
      pending.get(message.id)?.resolve(message);
      pending.delete(message.id);
    } else if (message.method !== undefined) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params ?? {});
    }
  });
  socket.addEventListener('close', () => {
    for (const { resolve } of pending.values()) resolve({ error: { message: 'socket closed' } });
    pending.clear();
  });

  return {
    async send(method, params = {}, sessionId) {
      const id = nextId++;
      const answer = new Promise<Message>((resolve) => pending.set(id, { resolve }));
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      const message = await answer;
      if (message.error) throw new Error(`${method}: ${message.error.message}`);
      return message.result ?? {};
    },
    on(method, listener) {
      listeners.set(method, [...(listeners.get(method) ?? []), listener]);
    },
    close: () => socket.close(),
  };
}
