/**
 * The identity provider the single sign-on journey starts (e2e/sso.spec.ts) and the e2e server is
 * configured for (playwright.config.ts). Its port follows E2E_PORT, so journeys on different ports
 * can run side by side.
 */
const e2ePort = Number(process.env.E2E_PORT ?? 3210);

export const ssoProvider = {
  port: e2ePort + 10_000,
  issuer: `http://127.0.0.1:${e2ePort + 10_000}`,
  clientId: 'nonsuch-e2e',
  clientSecret: 'a client secret for the browser journeys',
  displayName: 'the test identity provider',
  redirectUri: `http://localhost:${e2ePort}/sign-in/sso/callback`,
} as const;
