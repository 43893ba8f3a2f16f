import { defineConfig } from '@playwright/test';
import { ssoProvider } from './e2e/sso-provider.ts';

/**
 * Browser journeys in Debian's Chromium (Playwright cannot download browsers here). A missing
 * browser fails the run: set CHROMIUM_PATH if it is not at /usr/bin/chromium.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  // CI asks for a machine-readable report beside the console one (see .ci/run).
  reporter: process.env.NONSUCH_TEST_REPORT_DIR
    ? [['list'], ['json', { outputFile: `${process.env.NONSUCH_TEST_REPORT_DIR}/playwright.json` }]]
    : [['list']],
  timeout: 60_000,
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  // The administrator's first sign-in (setting up two-factor) must come before any journey that
  // signs the administrator in, which then uses the key it kept (support.ts); files otherwise run
  // in name order.
  projects: [
    { name: 'first sign-in', testMatch: 'two-factor.spec.ts' },
    { name: 'journeys', testIgnore: 'two-factor.spec.ts', dependencies: ['first sign-in'] },
  ],
  webServer: {
    command: 'node e2e/serve.ts',
    url: `${baseURL}/ready`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'pipe',
    env: {
      E2E_PORT: String(port),
      // Single sign-on against the provider e2e/sso.spec.ts starts; discovery waits for first use.
      OIDC_ISSUER: ssoProvider.issuer,
      OIDC_CLIENT_ID: ssoProvider.clientId,
      OIDC_CLIENT_SECRET: ssoProvider.clientSecret,
      OIDC_DISPLAY_NAME: ssoProvider.displayName,
    },
  },
});
