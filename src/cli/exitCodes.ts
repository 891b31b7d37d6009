/** SPEC §7 exit codes. */
export const EXIT = {
  ok: 0,
  invalidInput: 1,
  usage: 2,
  internal: 3,
  batchPartial: 4,
} as const;
