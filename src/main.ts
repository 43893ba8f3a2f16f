import { loadConfig } from './config.ts';
import { describeFailure } from './describe-failure.ts';
import { serve } from './serve.ts';

/** `npm start`: runs Nonsuch. Everything it does is in serve.ts, shared with `nonsuch serve`. */
try {
  await serve(loadConfig());
} catch (error) {
  process.stderr.write(`nonsuch: could not start. ${describeFailure(error)}\n`);
  process.exit(1);
}
