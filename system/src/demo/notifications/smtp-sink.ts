import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkEmail {
  to: string;
  subject: string;
  /** Date.now() when the message was taken. */
  at: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: plain SMTP, loopback only. */
  url: string;
  received: SunkEmail[];
  close(): Promise<void>;
}

/**
 * The demo's mail server: `smtp-server` on loopback, keeping each message's recipient and subject
 * (parsed by `mailparser`) so the summary can show what the notifier sent. No TLS and no login:
 * nothing leaves this machine.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SunkEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // No reverse DNS of 127.0.0.1 per connection.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          for (const recipient of session.envelope.rcptTo)
            received.push({
              to: recipient.address.toLowerCase(),
              subject: mail.subject ?? '',
              at: Date.now(),
            });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
