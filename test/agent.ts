import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { totpCode } from '../src/domain/access/two-factor.ts';
import type { Clock } from '../src/domain/shared/clock.ts';
import { testNow } from './test-now.ts';

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
  private readonly clock: Clock | undefined;

  /**
   * Each agent may come from its own address, so one test's rate limits do not touch another's.
   * `clock` is the app's (a fixed one in tests), so the agent's authenticator codes match its time.
   */
  constructor(app: FastifyInstance, options: { remoteAddress?: string; clock?: Clock } = {}) {
    this.app = app;
    this.clock = options.clock;
    agents += 1;
    this.remoteAddress = options.remoteAddress ?? `10.0.${Math.floor(agents / 250)}.${(agents % 250) + 1}`;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      // Expiry is judged by the app's clock, which in tests is fixed and may be far from today:
      // the clock given, or else the suite's fixed start (never the real date, or tests would
      // start failing once today passes a session's expiry).
      const now = (this.clock?.now() ?? testNow).getTime();
      if (c.value === '' || (c.expires && c.expires.getTime() < now)) this.cookies.delete(c.name);
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

  /**
   * Signs in through the real form. With `totpSecret`, it also passes the second factor when asked,
   * typing the code the person's authenticator app would show at the app's time (or `at`).
   */
  async signIn(
    email: string,
    password: string,
    options: { totpSecret?: string; at?: Date } = {},
  ): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    const location = response.headers.location;
    // Only the code page: a redirect to set up two-factor is left for the test to follow.
    if (!options.totpSecret || typeof location !== 'string') return response;
    if (!/^\/sign-in\/two-factor(\?|$)/.test(location)) return response;
    await this.get(location);
    const next = new URL(location, 'http://agent.invalid').searchParams.get('next') ?? '/';
    const at = options.at ?? this.clock?.now() ?? testNow;
    return this.post('/sign-in/two-factor', { code: totpCode(options.totpSecret, at), next });
  }
}
