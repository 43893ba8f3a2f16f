import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser-like client over app.inject(): it keeps cookies and sends back the CSRF token of the
 * last page it read, as a browser submitting that page's form would.
 */
let agents = 0;

export class Agent {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;
  private readonly app: FastifyInstance;
  private readonly remoteAddress: string;

  /** Each agent may come from its own address, so one test's rate limits do not touch another's. */
  constructor(app: FastifyInstance, options: { remoteAddress?: string } = {}) {
    this.app = app;
    agents += 1;
    this.remoteAddress = options.remoteAddress ?? `10.0.${Math.floor(agents / 250)}.${(agents % 250) + 1}`;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader() },
      }),
    );
  }

  async post(url: string, form: Record<string, string> = {}, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams(options.csrf === false ? form : { _csrf: this.csrf ?? '', ...form });
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** Signs in through the real form. */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}
