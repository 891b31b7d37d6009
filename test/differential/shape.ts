// What both differential tests compare: payouts.csv's columns (SPEC §6, --lang en) and summary.json's
// money keys. One list, so a column added to the sheets is compared by both.

/** payouts.csv columns with --lang en, in SPEC §6 order (§9.1's `persons` is inserted after `category` when used). */
export const PAYOUT_COLUMNS = [
  'household_id',
  'name',
  'village',
  'category',
  'labor_days',
  'wages',
  'land_rent',
  'share_units',
  'guaranteed_dividend',
  'performance_dividend',
  'floor_topup',
  'total',
  'deductions',
  'net_payable',
  'net_payable_words',
  'bank_account',
] as const;

export const MONEY_SUMMARY_KEYS = [
  'income',
  'expenses',
  'wages',
  'land_rent',
  'guaranteed_dividend',
  'surplus',
  'deficit',
  'members_pool',
  'performance_dividend',
  'floor_topup',
  'total',
  'deductions',
  'net_payable',
] as const;
