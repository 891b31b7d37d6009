import type { Lang } from './payoutsSheet.js';
import { SHEET_PARTS_MM, SHEET_WIDTH_MM } from './printSheets.js';

/**
 * report.html's own styles, after the shared screen ones (html.ts SCREEN_CSS): the summary page,
 * the 公示 sheets, the internal section, and how it all prints on A4. The heights that the sheets'
 * pagination counts on (printSheets.ts SHEET_PARTS_MM) are set here to exactly those values.
 *
 * Printed: page 1 is the summary page; the 收益分配表, the charts and the category totals follow on
 * portrait pages numbered at the foot (`@page` margin boxes: 报告第 x 页 / 共 y 页); every sheet
 * of the household table is one landscape page with its own title block and page number (the
 * sheet's, 第 n 页 / 共 m 页), so the foot stays empty there; the internal pages come last.
 */
export function reportPrintCss(lang: Lang): string {
  const P = SHEET_PARTS_MM;
  const foot = lang === 'en' ? '"Report page " counter(page) " of " counter(pages)' : '"报告第 " counter(page) " 页 / 共 " counter(pages) " 页"';
  return `
#front .sub{font-size:15px}
#front h2{margin-top:20px}
#front table td:first-child,#waterfall td.item{white-space:pre}
#payments td.k{white-space:nowrap}
.sheet{margin:18px 0;padding:14px 16px 16px;border:1px solid #d5dde6;border-radius:6px;box-shadow:0 1px 4px rgba(29,39,51,.1);overflow-x:auto}
.sheet-head{margin-bottom:8px}
.sheet-head .t{font-size:18px;font-weight:700;text-align:center}
.sheet-head .meta{display:flex;justify-content:space-between;gap:12px;color:#53606e;font-size:12px;margin-top:2px}
.sheet-head .meta span{flex:1;white-space:nowrap}
.sheet-head .meta span:nth-child(2){text-align:center}
.sheet-head .meta .pg{text-align:right}
#payouts .sheet table{table-layout:fixed;min-width:${SHEET_WIDTH_MM}mm;font-size:var(--fs)}
.sheet th{vertical-align:middle}
.sheet td{overflow-wrap:anywhere}
.sheet tr.sub td{font-weight:600;background:#f6f8fb}
.sheet tr.village td{background:#fbf6ea}
.sheet tr.words td{font-weight:600;background:#eef3e8}
.sheet td.none{text-align:center;color:#53606e}
.sheet .caption{margin:14px 0 4px;font-weight:600}
.sheet .sign{margin-top:28px}
.sheet .posting{margin:8px 0 0}
.internal{margin-top:32px;border:2px dashed #c0392b;border-radius:6px;padding:2px 16px 12px}
.internal h2{color:#a93226;border-bottom-color:#c0392b}
@page{size:A4;margin:12mm 12mm 14mm;@bottom-right{content:${foot};font-size:8pt;color:#53606e}}
@page wide{size:A4 landscape;margin:10mm 10mm 12mm;@bottom-right{content:none}}
@media print{
  body{max-width:none;padding:0;font-size:10.5pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h2{break-after:avoid}
  section{break-inside:avoid}
  .screen{display:none}
  table{width:calc(100% - 0.5mm)}
  #front{break-after:page}
  #front h1{font-size:20pt;text-align:center;margin-top:4mm}
  #front .sub{text-align:center;font-size:11pt}
  #front .card{flex:1 1 0;min-width:0}
  #front table{font-size:10pt}
  #payouts{break-inside:auto}
  #payouts>h2{display:none}
  .sheet{page:wide;break-before:page;break-inside:avoid;margin:0;padding:0;border:none;border-radius:0;box-shadow:none;overflow:visible}
  .sheet-head{margin:0}
  .sheet-head .t{font-size:13pt;line-height:${P.titleLine}mm}
  .sheet-head .meta{font-size:9pt;height:4.5mm;line-height:4.5mm;margin:0 0 ${round1(P.meta - 4.5)}mm;color:#1d2733}
  #payouts .sheet table{min-width:0}
  .sheet th,.sheet td{border-color:#4a5560;line-height:1.25;padding:0 0.8mm;vertical-align:middle}
  .sheet thead th{height:var(--hh)}
  .sheet td{height:var(--rh)}
  .sheet .note{font-size:8pt;height:${P.note - 1.5}mm;line-height:${P.note - 1.5}mm;margin:1.5mm 0 0}
  .sheet .caption{font-size:9pt;height:4mm;line-height:4mm;margin:${P.caption - 5}mm 0 1mm}
  .sheet .sign{margin-top:${P.sign - 10}mm;font-size:10pt}
  .sheet .sign div{height:10mm;min-height:0}
  .sheet .posting{font-size:8pt;line-height:1.4;margin:2mm 0 0}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  #warnings{break-before:page}
  #warnings.empty{display:none}
}
`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
