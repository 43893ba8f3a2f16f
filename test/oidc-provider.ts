import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Account, Provider } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, for the single sign-on tests. It
 * knows one client and the accounts a test gives it, and signs people in through its development
 * login form, where any password will do: the login names the account.
 */

export type ProviderAccount = Readonly<{
  /** What to type as the login on the provider's form. */
  id: string;
  email: string;
  email_verified: boolean;
}>;

export type ProviderOptions = Readonly<{
  /** A fixed port (the browser journeys); a free one when left out. */
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: readonly ProviderAccount[];
}>;

export type RunningProvider = Readonly<{ issuer: string; close: () => Promise<void> }>;

export async function startOidcProvider(options: ProviderOptions): Promise<RunningProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  // Keys of its own, so it does not warn about (or share) the development keys.
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: (_ctx, id): Account | undefined => {
      const account = accounts.get(id);
      return (
        account && {
          accountId: id,
          claims: () => ({ sub: id, email: account.email, email_verified: account.email_verified }),
        }
      );
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    // Refuse any client that does not send a PKCE challenge, so the tests prove that Nonsuch does.
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Goes through the provider's development login and consent forms as a browser would (following
 * redirects and keeping cookies by hand), starting from the authorisation URL Nonsuch redirected
 * to. Returns the URL the provider sends the browser back to, on Nonsuch's callback.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  accountId: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  async function visit(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expires = attributes.find((a) => /^\s*expires=/i.test(a));
      const gone = !value || (expires && new Date(expires.split('=')[1] ?? '').getTime() < Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
  const location = (response: Response, base: string) => {
    const to = response.headers.get('location');
    if (!to) throw new Error(`the provider answered ${response.status} without a redirect`);
    return new URL(to, base).href;
  };

  let url = authorizationUrl;
  for (let step = 0; step < 12; step += 1) {
    if (url.startsWith(`${redirectUri}?`)) return new URL(url);
    const response = await visit(url);
    if (response.status >= 300 && response.status < 400) {
      url = location(response, url);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(`the provider answered ${response.status}: ${html.slice(0, 600)}`);
    }
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: accountId, password: 'any password will do' } : { prompt };
    url = location(await visit(new URL(action, url).href, form), url);
  }
  throw new Error('the provider did not send the browser back');
}
