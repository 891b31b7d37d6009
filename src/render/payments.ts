import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';

/** How the net payable is paid out: what the accountant sends to the bank, hands out in cash, and is owed. */
export interface PaymentBreakdown {
  /** Positive nets paid by bank with an account: the rows and total of bank.csv. */
  bank: { count: number; fen: bigint };
  /**
   * Positive nets handed out in cash: the households paid in cash (SPEC §9.8, the rows of
   * signoff.csv) and the bank households without an account (W_NO_ACCOUNT: paid in cash or after
   * an account is added).
   */
  cash: { count: number; fen: bigint };
  /** Of `cash`: the bank households without an account (W_NO_ACCOUNT), not on signoff.csv. */
  noAccount: { count: number; fen: bigint };
  /** Negative nets (W_NEGATIVE_NET): what households owe, as a positive amount. */
  owed: { count: number; fen: bigint };
  /** Some household is paid in cash (`payment: cash`): the run writes signoff.csv. */
  cashPayment: boolean;
}

/** bank.fen + cash.fen − owed.fen is the net payable, to the fen. */
export function paymentBreakdown(data: Dataset, dist: Distribution): PaymentBreakdown {
  const net = dist.cols.netFen;
  const r: PaymentBreakdown = {
    bank: { count: 0, fen: 0n },
    cash: { count: 0, fen: 0n },
    noAccount: { count: 0, fen: 0n },
    owed: { count: 0, fen: 0n },
    cashPayment: anyCash(data),
  };
  for (let i = 0; i < net.length; i++) {
    const v = net[i];
    const h = data.households[i];
    if (v > 0n) {
      if (h.payment === 'cash') {
        r.cash.count++;
        r.cash.fen += v;
      } else if (h.bankAccount === '') {
        r.cash.count++;
        r.cash.fen += v;
        r.noAccount.count++;
        r.noAccount.fen += v;
      } else {
        r.bank.count++;
        r.bank.fen += v;
      }
    } else if (v < 0n) {
      r.owed.count++;
      r.owed.fen -= v;
    }
  }
  return r;
}

/** SPEC §9.8: some household is paid in cash; then signoff.csv, its sheet and its page are written. */
export function anyCash(data: Dataset): boolean {
  return data.households.some((h) => h.payment === 'cash');
}
