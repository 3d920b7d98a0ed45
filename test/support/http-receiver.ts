import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface RecordedRequest {
  method: string;
  /** path and query */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How to answer one request; `hang` never answers (a timeout for the caller). */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** an object is sent as JSON */
  body?: string | Record<string, unknown>;
  hang?: boolean;
}

/**
 * A real HTTP server on loopback (port 0) standing in for a robot or webhook receiver: it records
 * every request and answers from a script (`answers[i]` for the i-th request, the last one repeated;
 * default 200 `{"errcode":0,"errmsg":"ok"}`).
 */
export class HttpReceiver {
  readonly requests: RecordedRequest[] = [];
  private answers: ScriptedAnswer[] = [];
  private responder: ((request: RecordedRequest, index: number) => ScriptedAnswer) | null = null;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<HttpReceiver> {
    const server = createServer();
    const receiver = new HttpReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const index = receiver.requests.length;
        const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        receiver.requests.push(recorded);
        const answer = receiver.responder ? receiver.responder(recorded, index) : (receiver.answers[Math.min(index, receiver.answers.length - 1)] ?? {});
        if (answer.hang) {
          receiver.hanging.add(res);
          return;
        }
        const body = answer.body === undefined ? { errcode: 0, errmsg: 'ok' } : answer.body;
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(answer.status ?? 200, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers for the next requests, counted from the first request this receiver ever got. */
  script(...answers: ScriptedAnswer[]): this {
    this.answers = answers;
    return this;
  }

  /** Forget recorded requests and start the script over. */
  reset(...answers: ScriptedAnswer[]): this {
    this.requests.length = 0;
    this.responder = null;
    return this.script(...answers);
  }

  /** Answer each request by looking at it (a receiver that behaves like the real service). */
  respondWith(responder: (request: RecordedRequest, index: number) => ScriptedAnswer): this {
    this.requests.length = 0;
    this.responder = responder;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
