import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Date.now() when the message was taken. */
  at: number;
}

export interface SmtpReceiver {
  /** `smtp://[user:pass@]127.0.0.1:<port>` (no TLS: loopback only). */
  url: string;
  /** Emails accepted, parsed by mailparser. */
  received: ReceivedEmail[];
  /** Messages refused with a temporary error (451) so far. */
  refused: number;
  /** The next `count` messages are refused with 451 (the server is "down" for them). */
  refuseNext(count: number): void;
  /** Accepted emails to one address. */
  to(address: string): ReceivedEmail[];
  close(): Promise<void>;
}

/**
 * A local SMTP server (the `smtp-server` package) that keeps what it is sent, for tests and the demo.
 * Given `login`, it asks for it (AUTH PLAIN/LOGIN, allowed without TLS on loopback) and the URL carries it.
 */
export async function startSmtpReceiver(login?: { user: string; pass: string }): Promise<SmtpReceiver> {
  let toRefuse = 0;
  const receiver: SmtpReceiver = {
    url: '',
    received: [],
    refused: 0,
    refuseNext(count) {
      toRefuse = count;
    },
    to: (address) => receiver.received.filter((email) => email.to === address.toLowerCase()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: login === undefined,
    allowInsecureAuth: true,
    disabledCommands: login === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.pass)
        return callback(null, { user: auth.username });
      return callback(new Error('invalid username or password'));
    },
    // No reverse DNS of 127.0.0.1 per connection: it would be counted in the measured latency.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (toRefuse > 0) {
            toRefuse -= 1;
            receiver.refused += 1;
            const error = Object.assign(new Error('try again later'), { responseCode: 451 });
            return callback(error);
          }
          for (const recipient of session.envelope.rcptTo)
            receiver.received.push({
              to: recipient.address.toLowerCase(),
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              at: Date.now(),
            });
          return callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const credentials = login ? `${encodeURIComponent(login.user)}:${encodeURIComponent(login.pass)}@` : '';
  receiver.url = `smtp://${credentials}127.0.0.1:${port}`;
  return receiver;
}
