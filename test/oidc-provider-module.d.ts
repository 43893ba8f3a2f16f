/** The part of oidc-provider (which ships no types) that test/oidc-provider.ts uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type Account = Readonly<{
    accountId: string;
    claims: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  }>;

  export type Configuration = Readonly<{
    clients: ReadonlyArray<Readonly<Record<string, unknown>>>;
    findAccount: (ctx: unknown, id: string) => Account | undefined | Promise<Account | undefined>;
    claims: Readonly<Record<string, readonly string[] | null>>;
    features: Readonly<{ devInteractions: Readonly<{ enabled: boolean }> }>;
    pkce?: Readonly<{ required: () => boolean }>;
    cookies?: Readonly<{ keys: readonly string[] }>;
    jwks?: Readonly<{ keys: ReadonlyArray<Readonly<Record<string, unknown>>> }>;
    /** Lifetimes in seconds, by artefact (Interaction, Session, Grant, AccessToken, IdToken …). */
    ttl?: Readonly<Record<string, number>>;
  }>;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
