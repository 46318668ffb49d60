/** Insights: RFM, lifecycle, A/B statistics, customer value and attribution (issue 10's pure core). */
export * from './rfm.js';
export * from './lifecycle.js';
export * from './ab-test.js';
export * from './ab-verdict.js';
export * from './clv.js';
export * from './attribution.js';
export { chiSquareSurvival, normalCdf, normalQuantile } from './special-functions.js';
