/**
 * One string object per distinct value (up to a few thousand values): fewer objects for the GC to
 * trace at county scale. Beyond the cap, values are kept as they come.
 */
export class Interned {
  private readonly seen = new Map<string, string>();

  get(s: string): string {
    const t = this.seen.get(s);
    if (t !== undefined) return t;
    if (this.seen.size < 4096) this.seen.set(s, s);
    return s;
  }
}
