#!/usr/bin/env node
// The installed `nonsuch` command. Node runs the TypeScript source directly (type stripping).
import { main } from '../src/cli/program.ts';

await main(process.argv.slice(2));
