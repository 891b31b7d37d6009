import type { Distribution } from '../engine/types.js';
import type { Dataset } from '../io/types.js';

/** How the net payable is paid out: what the accountant sends to the bank, hands out in cash, and is owed. */
export interface PaymentBreakdown {
  /** Positive nets with a bank account: the rows and total of bank.csv. */
  bank: { count: number; fen: bigint };
  /** Positive nets without an account (W_NO_ACCOUNT): paid in cash or after an account is added. */
  cash: { count: number; fen: bigint };
  /** Negative nets (W_NEGATIVE_NET): what households owe, as a positive amount. */
  owed: { count: number; fen: bigint };
}

/** bank.fen + cash.fen − owed.fen is the net payable, to the fen. */
export function paymentBreakdown(data: Dataset, dist: Distribution): PaymentBreakdown {
  const net = dist.cols.netFen;
  const r: PaymentBreakdown = { bank: { count: 0, fen: 0n }, cash: { count: 0, fen: 0n }, owed: { count: 0, fen: 0n } };
  for (let i = 0; i < net.length; i++) {
    const v = net[i];
    if (v > 0n) {
      const to = data.households[i].bankAccount === '' ? r.cash : r.bank;
      to.count++;
      to.fen += v;
    } else if (v < 0n) {
      r.owed.count++;
      r.owed.fen -= v;
    }
  }
  return r;
}
