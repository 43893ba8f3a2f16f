import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Everything else receives a frozen Config.
 * In production every secret must be given; the error names each bad variable at once.
 */

const environments = ['development', 'test', 'production'] as const;

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max, `must be at most ${max}`).default(fallback);

const raw = z.object({
  NODE_ENV: z.enum(environments).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  NONSUCH_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: z.stringbool().default(false),
  // At most a day idle and a week in all: longer sessions would defeat the time-outs.
  SESSION_IDLE_MINUTES: positiveInt(30, 24 * 60),
  SESSION_ABSOLUTE_HOURS: positiveInt(12, 7 * 24),
  // Single sign-on (OpenID Connect): all three of issuer, client id and secret, or none.
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(1000, 'must be at most 1000 characters').optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(1000, 'must be at most 1000 characters').optional(),
  OIDC_DISPLAY_NAME: z.string().max(100, 'must be at most 100 characters').optional(),
});

const requiredInProduction = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'COOKIE_SECRET',
  'SMTP_URL',
  'MAIL_FROM',
] as const;

const singleSignOnVariables = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

function isHttps(value: string): boolean {
  try {
    return new URL(value.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checked on the raw strings, so a missing secret is reported even when another variable is malformed. */
function productionProblems(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = requiredInProduction
    .filter((name) => !env[name])
    .map((name) => `${name} is required when NODE_ENV=production`);
  if (env.PUBLIC_URL && !isHttps(env.PUBLIC_URL)) problems.push('PUBLIC_URL must be https:// in production');
  if (env.OIDC_ISSUER && !isHttps(env.OIDC_ISSUER))
    problems.push('OIDC_ISSUER must be https:// in production');
  return problems;
}

/** Single sign-on needs the issuer, the client id and its secret together: half a set is a mistake. */
function singleSignOnProblems(env: Record<string, string | undefined>): string[] {
  const missing = singleSignOnVariables.filter((name) => !env[name]);
  if (missing.length === 0 || missing.length === singleSignOnVariables.length) return [];
  return missing.map(
    (name) =>
      `${name} is required for single sign-on: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them`,
  );
}

export type Environment = (typeof environments)[number];

export type Config = Readonly<{
  env: Environment;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  cookieSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  trustProxy: boolean;
  session: Readonly<{ idleMinutes: number; absoluteHours: number }>;
  /** Cookies carry Secure and the __Host- prefix everywhere except development. */
  secureCookies: boolean;
  /** OpenID Connect single sign-on, when an identity provider is configured. */
  singleSignOn: SingleSignOnConfig | undefined;
}>;

export type SingleSignOnConfig = Readonly<{
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Completes "Sign in with …" on the sign-in page. */
  displayName: string;
}>;

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(given: Record<string, string | undefined> = process.env): Config {
  // A variable set to nothing (PORT=) counts as not set, rather than as 0 or an empty secret.
  const env = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = raw.safeParse(env);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`)),
    ...productionProblems(env),
    ...singleSignOnProblems(env),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    dataDir: resolve(e.NONSUCH_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL?.trim() ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    cookieSecret: e.COOKIE_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? 'Nonsuch <nonsuch@localhost>',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: e.TRUST_PROXY,
    session: Object.freeze({ idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS }),
    secureCookies: e.NODE_ENV !== 'development',
    singleSignOn:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? Object.freeze({
            issuer: e.OIDC_ISSUER.trim(),
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            displayName: e.OIDC_DISPLAY_NAME?.trim() || 'your organisation’s account',
          })
        : undefined,
  });
}

/** The environment with some variables replaced (a command-line option, say); undefined removes one. */
export function loadConfigWith(overrides: Record<string, string | undefined>): Config {
  return loadConfig({ ...process.env, ...overrides });
}
