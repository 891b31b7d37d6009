#!/usr/bin/env python3
"""Runs the CLI on every fixtures/examples/* case and compares with its expected.json.

Usage, from the project root:  python3 scripts/check-examples.py
Needs a built project (bin/coop-payout.js). Exit 0 when every example agrees to the fen.
"""
import csv, io, json, subprocess, sys, tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / 'fixtures' / 'examples'
MONEY = ['labor_days', 'wages', 'land_rent', 'share_units', 'guaranteed_dividend', 'performance_dividend',
         'floor_topup', 'total', 'deductions', 'net_payable', 'net_payable_words']
SUMMARY = ['households', 'income', 'expenses', 'wages', 'land_rent', 'guaranteed_dividend', 'surplus', 'deficit',
           'members_pool', 'performance_dividend', 'floor_topup', 'total', 'deductions', 'net_payable',
           'guaranteed_scaled']


def compare(out: Path, exp: dict) -> list:
    bad = []
    raw = (out / 'payouts.csv').read_bytes()
    if not raw.startswith(b'\xef\xbb\xbf'):
        bad.append('payouts.csv should start with a UTF-8 BOM')
    rows = {r['household_id']: r for r in csv.DictReader(io.StringIO(raw.decode('utf-8-sig')))}
    for hid, e in exp['payouts'].items():
        g = rows.get(hid)
        if g is None:
            bad.append(f'{hid}: missing from payouts.csv')
            continue
        bad += [f'{hid}.{k}: got {g.get(k)!r}, expected {e[k]!r}' for k in MONEY if g.get(k) != e[k]]
    s = json.loads((out / 'summary.json').read_text(encoding='utf-8'))
    bad += [f'summary.{k}: got {s.get(k)!r}, expected {exp["summary"][k]!r}' for k in SUMMARY if s.get(k) != exp['summary'][k]]
    ga = [(a.get('to'), a.get('amount'), a.get('floor_topups'), a.get('retained')) for a in s.get('allocations', [])]
    ea = [(a['to'], a['amount'], a['floor_topups'], a['retained']) for a in exp['summary']['allocations']]
    if ga != ea:
        bad.append(f'summary.allocations: got {ga}, expected {ea}')
    gb = [(b.get('basis'), b.get('amount')) for b in s.get('bases', [])]
    eb = [(b['basis'], b['amount']) for b in exp['summary']['bases']]
    if gb != eb:
        bad.append(f'summary.bases: got {gb}, expected {eb}')
    return bad


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as t:
        for ex in sorted(p for p in EXAMPLES.iterdir() if (p / 'expected.json').exists()):
            out = Path(t) / ex.name
            r = subprocess.run(['node', 'bin/coop-payout.js', 'run', str(ex), '--out', str(out), '--lang', 'en'],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
            if r.returncode != 0:
                failed += 1
                print(f'{ex.name}: exit {r.returncode}\n  {r.stderr.strip()[:500]}')
                continue
            bad = compare(out, json.loads((ex / 'expected.json').read_text(encoding='utf-8')))
            failed += bool(bad)
            print(f'{ex.name}: ' + ('agrees' if not bad else f'{len(bad)} differences'))
            for b in bad[:12]:
                print('  ' + b)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
