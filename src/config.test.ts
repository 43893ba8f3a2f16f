import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

/** Everything production requires, valid. Tests override or remove only what they are about. */
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://nonsuch@db.internal:5432/nonsuch',
  PUBLIC_URL: 'https://nonsuch.example.org/',
  COOKIE_SECRET: 'x'.repeat(32),
  SMTP_URL: 'smtps://mail.example.org:465',
  MAIL_FROM: 'Nonsuch <nonsuch@example.org>',
} as const;

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('loadConfig defaults', () => {
  it('runs in development on 127.0.0.1:3000 with plain cookies when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      publicUrl: 'http://localhost:3000',
      cookieSecret: undefined,
      smtpUrl: undefined,
      mailFrom: 'Nonsuch <nonsuch@localhost>',
      logLevel: 'info',
      trustProxy: false,
      session: { idleMinutes: 30, absoluteHours: 12 },
      secureCookies: false,
      singleSignOn: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.session)).toBe(true);
  });

  it('uses Secure cookies in test, and is silent there', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.secureCookies).toBe(true);
    expect(config.logLevel).toBe('silent');
    expect(config.host).toBe('127.0.0.1');
  });

  it('uses Secure cookies in production and listens on every interface', () => {
    const config = loadConfig(production);
    expect(config.secureCookies).toBe(true);
    expect(config.host).toBe('0.0.0.0');
  });

  it('takes the values it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '::1',
      TRUST_PROXY: 'true',
      SESSION_IDLE_MINUTES: '5',
      SESSION_ABSOLUTE_HOURS: '1',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '::1',
      publicUrl: 'http://localhost:8080',
      trustProxy: true,
      session: { idleMinutes: 5, absoluteHours: 1 },
      logLevel: 'debug',
    });
  });
});

describe('session limits', () => {
  it('are bounded, so a typo cannot make sessions last for ever', () => {
    expect(() => loadConfig({ SESSION_ABSOLUTE_HOURS: '9999999999' })).toThrow(
      /SESSION_ABSOLUTE_HOURS must be at most 168/,
    );
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '100000' })).toThrow(
      /SESSION_IDLE_MINUTES must be at most 1440/,
    );
    expect(loadConfig({ SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '8' }).session).toEqual({
      idleMinutes: 15,
      absoluteHours: 8,
    });
  });
});

describe('single sign-on', () => {
  const provider = {
    OIDC_ISSUER: 'https://login.example.org/tenant/v2.0',
    OIDC_CLIENT_ID: 'nonsuch',
    OIDC_CLIENT_SECRET: 'client secret',
  } as const;

  it('is off unless an identity provider is configured', () => {
    expect(loadConfig({ OIDC_DISPLAY_NAME: 'Police Account' }).singleSignOn).toBeUndefined();
  });

  it('takes the issuer, the client and a label for the button', () => {
    const config = loadConfig({ ...provider, OIDC_DISPLAY_NAME: 'Police Account' });
    expect(config.singleSignOn).toEqual({
      issuer: 'https://login.example.org/tenant/v2.0',
      clientId: 'nonsuch',
      clientSecret: 'client secret',
      displayName: 'Police Account',
    });
    expect(Object.isFrozen(config.singleSignOn)).toBe(true);
  });

  it('labels the button for the organisation when no name is given', () => {
    expect(loadConfig(provider).singleSignOn?.displayName).toBe('your organisation’s account');
  });

  it('names every missing variable when only some are set', () => {
    expect(problemsOf({ OIDC_ISSUER: provider.OIDC_ISSUER })).toEqual([
      'OIDC_CLIENT_ID is required for single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them',
      'OIDC_CLIENT_SECRET is required for single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them',
    ]);
    expect(problemsOf({ OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toEqual([
      'OIDC_ISSUER is required for single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them',
    ]);
  });

  it('allows an http issuer outside production (a provider on this machine), and never in production', () => {
    expect(loadConfig({ ...provider, OIDC_ISSUER: 'http://127.0.0.1:3399' }).singleSignOn?.issuer).toBe(
      'http://127.0.0.1:3399',
    );
    expect(problemsOf({ ...production, ...provider, OIDC_ISSUER: 'http://login.example.org' })).toEqual([
      'OIDC_ISSUER must be https:// in production',
    ]);
    expect(loadConfig({ ...production, ...provider }).singleSignOn?.issuer).toBe(provider.OIDC_ISSUER);
  });

  it('refuses an issuer that is not a web address', () => {
    expect(problemsOf({ ...provider, OIDC_ISSUER: 'login.example.org' })).toEqual([
      'OIDC_ISSUER must be an http(s) URL',
    ]);
  });
});

describe('loadConfig in production', () => {
  it('parses a complete environment', () => {
    const config = loadConfig(production);
    expect(config).toMatchObject({
      env: 'production',
      databaseUrl: production.DATABASE_URL,
      publicUrl: 'https://nonsuch.example.org',
      cookieSecret: production.COOKIE_SECRET,
      smtpUrl: production.SMTP_URL,
      mailFrom: production.MAIL_FROM,
    });
  });

  it('names every missing variable in one error', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'DATABASE_URL is required when NODE_ENV=production',
      'PUBLIC_URL is required when NODE_ENV=production',
      'COOKIE_SECRET is required when NODE_ENV=production',
      'SMTP_URL is required when NODE_ENV=production',
      'MAIL_FROM is required when NODE_ENV=production',
    ]);
  });

  it('reports a malformed variable together with the missing ones', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'abc' });
    expect(problems).toHaveLength(6);
    expect(problems.filter((p) => p.startsWith('PORT '))).toHaveLength(1);
    for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'COOKIE_SECRET', 'SMTP_URL', 'MAIL_FROM']) {
      expect(problems).toContain(`${name} is required when NODE_ENV=production`);
    }
  });

  it('lists each problem in the error message', () => {
    let error: unknown;
    try {
      loadConfig({ ...production, COOKIE_SECRET: 'short', SMTP_URL: 'http://mail' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('COOKIE_SECRET must be at least 32 characters');
    expect(message).toContain('SMTP_URL must be an smtp:// or smtps:// URL');
  });

  it.each([
    ['http://nonsuch.example.org'],
    // A browser and the URL parser treat these exactly as http://, so they must be refused too.
    ['HTTP://nonsuch.example.org'],
    [' http://nonsuch.example.org'],
  ])('refuses PUBLIC_URL %j: it must be https', (url) => {
    expect(problemsOf({ ...production, PUBLIC_URL: url })).toContain(
      'PUBLIC_URL must be https:// in production',
    );
  });

  it('allows an http PUBLIC_URL outside production', () => {
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000/' }).publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['DATABASE_URL', 'mysql://x/y'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['COOKIE_SECRET', 'x'.repeat(31)],
    ['SMTP_URL', 'https://mail.example.org'],
    ['NODE_ENV', 'staging'],
    ['PORT', '65536'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['TRUST_PROXY', 'perhaps'],
    ['LOG_LEVEL', 'loud'],
    ['OIDC_ISSUER', 'ftp://login.example.org'],
  ])('refuses a malformed %s', (name, value) => {
    const problems = problemsOf({ ...production, [name]: value });
    expect(problems.some((p) => p.startsWith(`${name} `))).toBe(true);
  });
});

describe('loadConfig with arbitrary input', () => {
  const names = [
    'NODE_ENV',
    'PORT',
    'HOST',
    'NONSUCH_DATA_DIR',
    'DATABASE_URL',
    'PUBLIC_URL',
    'COOKIE_SECRET',
    'SMTP_URL',
    'MAIL_FROM',
    'LOG_LEVEL',
    'TRUST_PROXY',
    'SESSION_IDLE_MINUTES',
    'SESSION_ABSOLUTE_HOURS',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_DISPLAY_NAME',
  ];
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom('production', 'test', 'development', 'true', '0', '-1', '3000', 'https://x.example'),
    fc.constant(undefined),
  );
  const known = fc.dictionary(fc.constantFrom(...names), value);
  const anything = fc.dictionary(fc.string(), value);

  it('returns a config or throws ConfigError, never anything else', () => {
    fc.assert(
      fc.property(known, anything, (a, b) => {
        const env = { ...b, ...a };
        try {
          const config = loadConfig(env);
          expect(['development', 'test', 'production']).toContain(config.env);
          expect(Number.isInteger(config.port)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
