import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The package version, from package.json next to dist/ (works from src/ under tests too). */
export function toolVersion(): string {
  if (cached === undefined) {
    const file = fileURLToPath(new URL('../package.json', import.meta.url));
    cached = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return cached;
}
