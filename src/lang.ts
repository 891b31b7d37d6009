/** The language of headers, labels and notes: Chinese (the default everywhere) or English. */
export type Lang = 'zh' | 'en';
