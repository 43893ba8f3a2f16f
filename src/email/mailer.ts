import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

/**
 * The one way Nonsuch sends e-mail. With SMTP_URL it talks to that server;
 * without, each message is written as an .eml file under <data dir>/outbox/ so nothing leaves the
 * machine in development.
 */

export type OutgoingMessage = Readonly<{ to: string; subject: string; text: string; html: string }>;

export type SentMessage = Readonly<{ messageId: string; accepted: readonly string[]; where: string }>;

export type Mailer = Readonly<{
  /** Where messages go, for people: "smtp.example.org:587" or the outbox folder. */
  destination: string;
  send: (message: OutgoingMessage) => Promise<SentMessage>;
  close: () => void;
}>;

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  const parsed = new URL(url);
  const destination = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`;
  return {
    destination,
    send: async (message) => {
      const info = await transport.sendMail({ from, ...message });
      return {
        messageId: info.messageId,
        accepted: info.accepted.map((a: string | { address: string }) =>
          typeof a === 'string' ? a : a.address,
        ),
        where: destination,
      };
    },
    close: () => transport.close(),
  };
}

function outboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: dir,
    send: async (message) => {
      const info = await transport.sendMail({
        from,
        ...message,
        messageId: `<${randomUUID()}@nonsuch.outbox>`,
      });
      await mkdir(dir, { recursive: true });
      const file = join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`,
      );
      await writeFile(file, info.message as Buffer);
      return { messageId: info.messageId, accepted: [message.to], where: file };
    },
    close: () => transport.close(),
  };
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): Mailer {
  return config.smtpUrl
    ? smtpMailer(config.smtpUrl, config.mailFrom)
    : outboxMailer(join(config.dataDir, 'outbox'), config.mailFrom);
}
