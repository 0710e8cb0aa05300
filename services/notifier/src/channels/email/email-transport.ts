import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per email, so a resend after a crash can be recognised as the same message. */
  messageId: string;
}

export interface EmailTransport {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer, configured by one URL (`smtp://` or `smtps://`, credentials in it). */
export function smtpTransport(input: { url: string; from: string; timeoutMs: number }): EmailTransport {
  const transporter = nodemailer.createTransport(
    {
      url: input.url,
      // Kept-open connections: an email does not pay for a TCP (and TLS) handshake and greeting.
      pool: true,
      maxConnections: 2,
      connectionTimeout: input.timeoutMs,
      greetingTimeout: input.timeoutMs,
      socketTimeout: input.timeoutMs,
    },
    { from: input.from },
  );
  return {
    async send(email) {
      await transporter.sendMail({
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
    },
    close: () => transporter.close(),
  };
}

/** The URL with its user and password replaced, for logs. */
export function redactSmtpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  parsed.search = '';
  return parsed.toString();
}
