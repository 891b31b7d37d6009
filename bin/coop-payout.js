#!/usr/bin/env node
// Thin entry: everything lives in the built CLI (dist/), which owns the one top-level catch.
import { main } from '../dist/cli/main.js';

// process.exit, not a natural end: tearing down a county-sized heap takes a while, and a signal in
// that window (once Node has put back the default handlers) would kill a run whose output is
// complete, so that cron sees SIGINT for a run that succeeded. stdout and stderr are synchronous
// for files, pipes and terminals on Linux: nothing printed is lost.
main(process.argv.slice(2)).then((code) => process.exit(code));
