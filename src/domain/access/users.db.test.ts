import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { givenUser, rejection, type TestDeps, testDeps, testNow } from '../../../test/harness.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { aUser } from '../../demo/builders.ts';
import { contextFor } from '../../deps.ts';
import { type Actor, anonymous, operator } from './actor.ts';
import { createUser } from './create-user.ts';
import { disableUser } from './disable-user.ts';
import { listUsers } from './list-users.ts';
import { signIn } from './sign-in.ts';
import type { NewUser } from './users.schema.ts';

let deps: TestDeps;
beforeAll(async () => {
  deps = await testDeps();
});
afterAll(() => deps.close());
beforeEach(() => deps.clock.set(testNow));

const policy = { idleMinutes: 30, absoluteHours: 12 };
const as = (actor: Actor) => contextFor(deps, actor);
const cli = operator('test');

async function userRow(email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  return row;
}

async function countUsers(): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(users);
  return Number(row?.n);
}

async function sessionsOf(userId: string): Promise<number> {
  const [row] = await deps.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  return Number(row?.n);
}

const userActor = (u: { id: string; email: string; displayName: string }): Actor => ({
  kind: 'user',
  userId: u.id,
  role: 'administrator',
  displayName: u.displayName,
  email: u.email,
  boroughs: [],
});

describe('createUser', () => {
  it('stores the email in lower case and an argon2id hash, never the password', async () => {
    const input = aUser({ email: '  Mixed.Case@Example.ORG ', displayName: 'Mixed Case' });
    const created = await createUser(as(cli), input);
    expect(created).toMatchObject({
      email: 'mixed.case@example.org',
      displayName: 'Mixed Case',
      role: 'analyst',
    });

    const row = await userRow('mixed.case@example.org');
    expect(row).toMatchObject({
      id: created.id,
      email: 'mixed.case@example.org',
      displayName: 'Mixed Case',
      role: 'analyst',
      disabledAt: null,
    });
    expect(row?.passwordHash?.startsWith('$argon2id$')).toBe(true);
    expect(row?.passwordHash).not.toContain(String(input.password));
    expect(JSON.stringify(row)).not.toContain(input.password);
    expect(row?.createdAt.toISOString()).toBe(testNow.toISOString());
  });

  it('trims the name', async () => {
    const created = await createUser(as(cli), aUser({ displayName: '  Ada Lovelace  ' }));
    expect(created.displayName).toBe('Ada Lovelace');
  });

  it('refuses bad input with a message for each field, and writes nothing', async () => {
    const before = await countUsers();
    const error = await rejection(
      createUser(as(cli), {
        email: 'not-an-email',
        displayName: '   ',
        role: 'administrator',
        password: 'short',
      }),
    );
    expect(error.code).toBe('invalid');
    expect(error.details.fields).toEqual({
      email: 'Enter an email address in the correct format, like name@example.org',
      displayName: 'Enter a name',
      password: 'Password must be at least 12 characters',
    });
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['an empty email', { email: '' }, 'email', 'Enter an email address'],
    [
      'an 11-character password',
      { password: 'elevenchars' },
      'password',
      'Password must be at least 12 characters',
    ],
    ['an empty name', { displayName: '' }, 'displayName', 'Enter a name'],
    [
      'a name too long',
      { displayName: 'n'.repeat(121) },
      'displayName',
      'Name must be 120 characters or fewer',
    ],
    ['an unknown role', { role: 'emperor' } as unknown as Partial<NewUser>, 'role', 'Choose a role'],
  ] as [string, Partial<NewUser>, string, string][])(
    'refuses %s',
    async (_label, override, field, message) => {
      const error = await rejection(createUser(as(cli), aUser(override)));
      expect(error.code).toBe('invalid');
      expect(error.details.fields?.[field]).toBe(message);
    },
  );

  it('accepts a password of exactly 12 characters', async () => {
    const created = await createUser(as(cli), aUser({ password: 'twelve chars' }));
    expect(await userRow(created.email)).toBeDefined();
  });

  it('refuses a second account with the same email in another case', async () => {
    const first = await givenUser(deps, { email: 'same.person@example.org' });
    const before = await countUsers();
    const error = await rejection(createUser(as(cli), aUser({ email: 'Same.Person@EXAMPLE.org' })));
    expect(error.code).toBe('conflict');
    expect(error.details.fields?.email).toBe('A user with that email address already exists');
    expect(await countUsers()).toBe(before);
    expect((await userRow('same.person@example.org'))?.id).toBe(first.id);
  });

  it('refuses an anonymous actor', async () => {
    const input = aUser();
    const error = await rejection(createUser(as(anonymous), input));
    expect(error.code).toBe('unauthenticated');
    expect(await userRow(input.email)).toBeUndefined();
  });

  it('lets a signed-in administrator add a user', async () => {
    const admin = await givenUser(deps);
    const created = await createUser(as(userActor(admin)), aUser());
    expect(await userRow(created.email)).toBeDefined();
  });
});

describe('listUsers', () => {
  it('lists users by name, with whether each is disabled', async () => {
    const zed = await givenUser(deps, { displayName: 'Zed Listed' });
    const abe = await givenUser(deps, { displayName: 'Abe Listed' });
    await disableUser(as(cli), { email: zed.email });

    const list = await listUsers(as(cli));
    expect(list.find((u) => u.id === abe.id)).toEqual({
      id: abe.id,
      email: abe.email,
      displayName: 'Abe Listed',
      role: 'analyst',
      boroughs: [],
      disabled: false,
      hasPassword: true,
      twoFactor: false,
      createdAt: testNow,
    });
    expect(list.find((u) => u.id === zed.id)?.disabled).toBe(true);
    const names = list.map((u) => u.displayName);
    expect(names.indexOf('Abe Listed')).toBeLessThan(names.indexOf('Zed Listed'));
    expect(list).toHaveLength(await countUsers());
    expect(JSON.stringify(list)).not.toContain('argon2');
  });

  it('refuses an anonymous actor', async () => {
    expect((await rejection(listUsers(as(anonymous)))).code).toBe('unauthenticated');
  });
});

describe('disableUser', () => {
  it('marks the user disabled and ends every session of theirs, and only theirs', async () => {
    const target = await givenUser(deps);
    const bystander = await givenUser(deps);
    for (let i = 0; i < 2; i++)
      await signIn(as(anonymous), { email: target.email, password: target.password, policy });
    await signIn(as(anonymous), { email: bystander.email, password: bystander.password, policy });
    expect(await sessionsOf(target.id)).toBe(2);

    deps.clock.advance(60_000);
    const result = await disableUser(as(cli), { email: target.email.toUpperCase() });

    expect(result).toEqual({ id: target.id, email: target.email });
    expect(await sessionsOf(target.id)).toBe(0);
    expect(await sessionsOf(bystander.id)).toBe(1);
    const row = await userRow(target.email);
    expect(row?.disabledAt?.toISOString()).toBe(new Date(testNow.getTime() + 60_000).toISOString());
    expect(row?.updatedAt.toISOString()).toBe(new Date(testNow.getTime() + 60_000).toISOString());
    expect((await userRow(bystander.email))?.disabledAt).toBeNull();
  });

  it('keeps the first disabled time when disabled again', async () => {
    const target = await givenUser(deps);
    await disableUser(as(cli), { email: target.email });
    deps.clock.advance(3_600_000);
    await disableUser(as(cli), { email: target.email });
    expect((await userRow(target.email))?.disabledAt?.toISOString()).toBe(testNow.toISOString());
  });

  it('lets an administrator disable someone else', async () => {
    const admin = await givenUser(deps);
    const other = await givenUser(deps);
    await disableUser(as(userActor(admin)), { email: other.email });
    expect((await userRow(other.email))?.disabledAt).not.toBeNull();
  });

  it('does not let a user disable their own account', async () => {
    const admin = await givenUser(deps);
    await signIn(as(anonymous), { email: admin.email, password: admin.password, policy });
    const error = await rejection(disableUser(as(userActor(admin)), { email: admin.email }));
    expect(error.code).toBe('conflict');
    expect((await userRow(admin.email))?.disabledAt).toBeNull();
    expect(await sessionsOf(admin.id)).toBe(1);
  });

  it('reports an unknown email as not found', async () => {
    const error = await rejection(disableUser(as(cli), { email: 'nobody.at.all@example.org' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('nobody.at.all@example.org');
  });

  it('refuses an anonymous actor', async () => {
    const target = await givenUser(deps);
    expect((await rejection(disableUser(as(anonymous), { email: target.email }))).code).toBe(
      'unauthenticated',
    );
    expect((await userRow(target.email))?.disabledAt).toBeNull();
  });
});
