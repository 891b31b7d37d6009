#!/usr/bin/env node
// Renders a report.html to PNG with headless Chromium (for looking at the report; no test needs it).
//
//   node scripts/screenshot.mjs out/report.html [out/report.png] [--width 1240] [--height 1754]
//
// The default size is A4 at 150 dpi (1240 × 1754). CHROMIUM=/path/to/chrome overrides /usr/bin/chromium.
// Network is off as far as Chromium lets us: the report is self-contained and must need none.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(message) {
  if (message) process.stderr.write(`screenshot: ${message}\n`);
  process.stderr.write('usage: node scripts/screenshot.mjs REPORT.html [OUT.png] [--width N] [--height N]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const positional = [];
let width = 1240;
let height = 1754;
for (let k = 0; k < args.length; k++) {
  const a = args[k];
  if (a === '--width' || a === '--height') {
    const v = Number(args[++k]);
    if (!Number.isInteger(v) || v < 100 || v > 20000) usage(`${a} needs a whole number of pixels`);
    if (a === '--width') width = v;
    else height = v;
  } else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else positional.push(a);
}
if (positional.length < 1 || positional.length > 2) usage();
const input = resolve(positional[0]);
if (!existsSync(input) || !statSync(input).isFile()) usage(`no such file: ${positional[0]}`);
const output = resolve(positional[1] ?? input.replace(/\.html?$/i, '') + '.png');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromium)) usage(`${chromium} not found (apt-get install chromium, or set CHROMIUM)`);

const profile = mkdtempSync(join(tmpdir(), 'coop-payout-shot-'));
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  `--user-data-dir=${profile}`,
  `--screenshot=${output}`,
  `--window-size=${width},${height}`,
  pathToFileURL(input).href,
];

execFile(chromium, flags, { timeout: 120_000, killSignal: 'SIGKILL' }, (err, _stdout, stderr) => {
  rmSync(profile, { recursive: true, force: true });
  if (err || !existsSync(output)) {
    process.stderr.write(`screenshot: chromium failed${err ? `: ${err.message}` : ''}\n${stderr}`);
    process.exit(1);
  }
  process.stdout.write(`${output}\n`);
});
