import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';
import { testMessage } from './templates/test-message.ts';

/** Mail tests use a real SMTP server and parse what arrived. */

const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sentAt = new Date('2026-11-22T09:30:00Z');

describe('the test message', () => {
  it('says when it was sent, in London time, and where Nonsuch is', () => {
    const m = testMessage({ to: 'a@example.org', publicUrl: 'https://engagement.example.org', sentAt });
    expect(m.subject).toBe('Nonsuch test message');
    expect(m.text).toContain('22 November 2026 at 09:30');
    expect(m.html).toContain('href="https://engagement.example.org"');
  });

  it('escapes what it puts into HTML', () => {
    const m = testMessage({ to: 'a@example.org', publicUrl: 'https://x.example/"><script>', sentAt });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('sending over SMTP', () => {
  it('delivers the message to the SMTP server, from MAIL_FROM', async () => {
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: 'Estate engagement <engagement@example.org>',
      dataDir: '/nonexistent',
    });
    const sent = await mailer.send(
      testMessage({ to: 'lead@example.org', publicUrl: 'https://engagement.example.org', sentAt }),
    );
    mailer.close();
    expect(sent.accepted).toEqual(['lead@example.org']);
    expect(sent.where).toBe(`127.0.0.1:${port}`);
    const arrived = received.find((r) => r.mail.messageId === sent.messageId);
    expect(arrived?.envelopeTo).toEqual(['lead@example.org']);
    expect(arrived?.mail.subject).toBe('Nonsuch test message');
    expect(arrived?.mail.from?.value).toEqual([
      { name: 'Estate engagement', address: 'engagement@example.org' },
    ]);
    expect(arrived?.mail.text).toContain('check that Nonsuch can deliver e-mail');
    expect(arrived?.mail.html).toContain('https://engagement.example.org');
  });

  it('reports a server that refuses the message', async () => {
    const mailer = createMailer({
      smtpUrl: 'smtp://127.0.0.1:1',
      mailFrom: 'x@example.org',
      dataDir: '/nonexistent',
    });
    await expect(
      mailer.send(testMessage({ to: 'a@example.org', publicUrl: 'https://x.example', sentAt })),
    ).rejects.toThrow(/ECONNREFUSED/);
    mailer.close();
  });
});

describe('without SMTP', () => {
  it('writes each message as an .eml file in the outbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nonsuch-outbox-'));
    try {
      const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Nonsuch <n@localhost>', dataDir: dir });
      const sent = await mailer.send(
        testMessage({ to: 'b@example.org', publicUrl: 'http://localhost:3000', sentAt }),
      );
      const files = readdirSync(join(dir, 'outbox'));
      expect(files).toHaveLength(1);
      expect(sent.where).toBe(join(dir, 'outbox', files[0] ?? ''));
      const mail = await simpleParser(readFileSync(sent.where));
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('b@example.org');
      expect(mail.subject).toBe('Nonsuch test message');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
