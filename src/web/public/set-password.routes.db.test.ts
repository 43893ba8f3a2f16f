import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { type TestDeps, testApp, testDeps, testNow } from '../../../test/harness.ts';
import { users } from '../../db/schema/index.ts';
import { aUser } from '../../demo/builders.ts';
import { contextFor } from '../../deps.ts';
import { operator } from '../../domain/access/actor.ts';
import { disableUser } from '../../domain/access/disable-user.ts';
import { inviteUser } from '../../domain/access/invite-user.ts';
import { resetPassword } from '../../domain/access/reset-password.ts';

let deps: TestDeps;
let app: FastifyInstance;

beforeAll(async () => {
  deps = await testDeps();
  app = await testApp(deps);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});
beforeEach(() => deps.clock.set(testNow));

const cli = () => contextFor(deps, operator('test'));
const baseUrl = 'http://localhost';

async function invitation() {
  const { password: _password, ...details } = aUser({ displayName: 'Nia Newcomer' });
  const invited = await inviteUser(cli(), { ...details, baseUrl });
  return { ...invited, path: new URL(invited.link.url).pathname };
}

const strong = {
  password: 'a long and unusual passphrase',
  confirmPassword: 'a long and unusual passphrase',
};

describe('the set-password page', () => {
  it('welcomes an invited person, never cached or sent as a referrer', async () => {
    const { path, user } = await invitation();
    const res = await new Agent(app).get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toContain('Create your password');
    expect(res.body).toContain('Welcome to Nonsuch, Nia Newcomer');
    expect(res.body).toContain(user.email);
  });

  it('sets the password once; the link then shows that it was used', async () => {
    const { path, user } = await invitation();
    const agent = new Agent(app);
    await agent.get(path);
    const res = await agent.post(path, strong);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your password has been set');
    const [row] = await deps.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);

    const again = await agent.get(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link has already been used');
    expect((await agent.post(path, strong)).statusCode).toBe(410);
  });

  it('re-renders with the error summary for a weak or mismatched password', async () => {
    const { path } = await invitation();
    const agent = new Agent(app);
    await agent.get(path);
    const weak = await agent.post(path, { password: 'short', confirmPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('There is a problem');
    expect(weak.body).toContain('href="#password"');
    const mismatch = await agent.post(path, {
      password: strong.password,
      confirmPassword: 'different words here',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('href="#confirmPassword"');
    expect(mismatch.body).toContain('The passwords do not match');
    expect((await agent.get(path)).statusCode).toBe(200);
  });

  it('explains an expired link', async () => {
    const { path } = await invitation();
    deps.clock.advance(7 * 24 * 3_600_000 + 1);
    const res = await new Agent(app).get(path);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This link has expired');
    expect(res.body).toContain('Ask your Nonsuch administrator to send you a new link');
  });

  it('answers 404 for an unknown link, one replaced by a newer link, and one of a disabled account', async () => {
    expect((await new Agent(app).get('/set-password/nothing-like-a-real-token')).statusCode).toBe(404);
    const { path, user } = await invitation();
    await resetPassword(cli(), { id: user.id, baseUrl });
    const replaced = await new Agent(app).get(path);
    expect(replaced.statusCode).toBe(404);
    expect(replaced.body).toContain('a newer link has replaced it');

    const second = await invitation();
    await disableUser(cli(), { id: second.user.id });
    expect((await new Agent(app).get(second.path)).statusCode).toBe(404);
  });

  it('speaks of a new password for a reset link', async () => {
    const { user } = await invitation();
    const reset = await resetPassword(cli(), { id: user.id, baseUrl });
    const res = await new Agent(app).get(new URL(reset.link.url).pathname);
    expect(res.body).toContain('Choose a new password');
  });

  it('needs the form token', async () => {
    const { path } = await invitation();
    expect((await new Agent(app).post(path, strong, { csrf: false })).statusCode).toBe(403);
  });
});
