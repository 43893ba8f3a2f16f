import { main } from './cli/program.ts';

/** `node src/cli.ts …`: the nonsuch command. */
await main(process.argv.slice(2));
