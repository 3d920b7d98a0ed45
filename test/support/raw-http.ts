import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given (supertest and Node's client refuse to send malformed requests)
 * to the app's HTTP server and reads the answer until the server closes or the response is complete.
 */
export async function rawRequest(t: Pick<TestApp, 'app'>, request: string): Promise<RawResponse> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    socket.setTimeout(20_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const soFar = Buffer.concat(chunks).toString('utf8');
      const length = /\r\ncontent-length: *(\d+)/i.exec(soFar);
      const headerEnd = soFar.indexOf('\r\n\r\n');
      if (length && headerEnd >= 0 && Buffer.byteLength(soFar.slice(headerEnd + 4)) >= Number(length[1])) {
        socket.end();
        done();
      }
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (err) => (chunks.length ? done() : reject(err)));
    socket.write(request);
  });
  const headerEnd = text.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = text.slice(0, headerEnd).split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(headerEnd + 4) };
}
