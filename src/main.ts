import { ConfigError, loadConfig } from './config.ts';
import { serve } from './serve.ts';

/** `npm start`: runs Nonsuch. Everything it does is in serve.ts, shared with `nonsuch serve`. */
try {
  await serve(loadConfig());
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'DataDirLockedError')) {
    process.stderr.write(`nonsuch: ${error.message}\n`);
  } else {
    process.stderr.write(
      `nonsuch: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}
