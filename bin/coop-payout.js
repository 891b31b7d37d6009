#!/usr/bin/env node
// Thin entry: everything lives in the built CLI (dist/), which owns the one top-level catch.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
