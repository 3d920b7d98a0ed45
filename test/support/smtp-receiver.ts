import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the raw RFC 5322 message */
  raw: string;
  /** header value by lower-case name (first occurrence, unfolded) */
  header(name: string): string | undefined;
}

/** What the server answers at the end of DATA: accept, or an SMTP error reply. */
export type SmtpMode = { accept: true } | { accept: false; code: number; message: string };

/**
 * A real SMTP server on loopback (port 0, no TLS, no auth) that records accepted mail and can answer
 * 4xx or 5xx instead; every DATA attempt is counted, accepted or not.
 */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  attempts = 0;
  mode: SmtpMode = { accept: true };

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpReceiver> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream: SMTPServerDataStream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          receiver.attempts++;
          const mode = receiver.mode;
          if (!mode.accept) {
            const err = Object.assign(new Error(mode.message), { responseCode: mode.code });
            return callback(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          receiver.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            header: (name) => headerOf(raw, name),
          });
          callback();
        });
      },
    });
    // onData reads it only once a client sends, long after this line
    const receiver = new SmtpReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
