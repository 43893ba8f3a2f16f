import { Command } from 'commander';
import { z } from 'zod';
import { emailSchema } from '../domain/access/users.schema.ts';
import { parseInput } from '../domain/shared/validation.ts';
import { createMailer } from '../email/mailer.ts';
import { testMessage } from '../email/templates/test-message.ts';
import { configFor, report } from './run.ts';

export function mailCommand(): Command {
  const mail = new Command('mail').description('Check outgoing e-mail');
  mail
    .command('test')
    .description(
      'Send a test message, to check the SMTP settings (without SMTP_URL it goes to <data dir>/outbox)',
    )
    .requiredOption('--to <email>', 'who should receive it')
    .action(async (options: { to: string }, command: Command) => {
      const config = configFor(command);
      const { to } = parseInput(z.object({ to: emailSchema }), options);
      const mailer = createMailer(config);
      try {
        const sent = await mailer.send(testMessage({ to, publicUrl: config.publicUrl, sentAt: new Date() }));
        report(command, sent, `Sent a test message to ${to} via ${sent.where}.`);
      } finally {
        mailer.close();
      }
    });
  return mail;
}
