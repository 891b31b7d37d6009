/** The files a batch writes into OUT itself, beside the village folders. */
export const SUMMARY_CSV = 'township-summary.csv';
export const BATCH_JSON = 'batch.json';
export const REPORT_HTML = 'township-report.html';

/** A village folder cannot carry one of these names (its sheets would collide with the batch's). */
export const BATCH_OUTPUT_NAMES: readonly string[] = [SUMMARY_CSV, BATCH_JSON, REPORT_HTML];
