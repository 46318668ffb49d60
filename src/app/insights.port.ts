/** What RFM and customer value (issue 10 parts 1 and 5) read from and write to the store. */
import type { BgNbdParams, GammaGammaParams, RfmCuts, RfmSegment, Score } from '../domain/insights/index.js';

/** A contact's stored insight: RFM scores and historical value (and its predicted value once a model is fitted). */
export interface ContactInsight {
  readonly r: Score;
  readonly f: Score;
  readonly m: Score;
  readonly segment: RfmSegment;
  readonly orders: number;
  readonly revenueIdr: number;
  readonly firstOrderTotalIdr: number;
  readonly firstOrderAt: Date;
  readonly lastOrderAt: Date;
  readonly predictedValueIdr: number | null;
}

/** The contacts of one grid cell or one segment. */
export type RfmFilter = { readonly r: Score; readonly f: Score } | { readonly segment: RfmSegment };

export interface RfmContactRow {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly insight: ContactInsight;
}

export interface RfmSummaryRows {
  readonly segments: readonly { readonly name: string; readonly count: number; readonly revenueIdr: number }[];
  readonly grid: readonly { readonly r: number; readonly f: number; readonly count: number; readonly revenueIdr: number }[];
  readonly computedAt: Date | null;
  readonly cuts: RfmCuts | null;
}

/** The fitted model of a workspace, with what tells whether to trust it. */
export interface ClvModel {
  readonly bgNbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams | null;
  readonly diagnostics: {
    /** Customers (a paid order) the BG/NBD fit used; a random sample when the workspace has more than the cap. */
    readonly customers: number;
    readonly sampled: boolean;
    readonly bgNbdLogLikelihood: number;
    readonly bgNbdConverged: boolean;
    readonly bgNbdIterations: number;
    /** Customers with a repeat order (the Gamma-Gamma fit's data). */
    readonly repeatCustomers: number;
    readonly gammaGammaLogLikelihood: number | null;
    readonly gammaGammaConverged: boolean | null;
    /** Gamma-Gamma assumes spend does not depend on frequency: this should be near 0. */
    readonly spendFrequencyCorrelation: number | null;
    /** Predicted and actual repeat orders per customer in the fitted data (a calibration check). */
    readonly meanRepeatOrders: number;
  };
}

export interface ValueDecile {
  readonly decile: number;
  readonly count: number;
  readonly historicalIdr: number;
  readonly predictedIdr: number;
}

export interface InsightsStore {
  /**
   * Full RFM run over the workspace's paid orders as of `now`, set-based: scores every customer,
   * stores the cut points, drops rows of contacts without a paid order. Returns the cuts and the count.
   */
  runRfm(workspaceId: string, now: Date): Promise<{ contacts: number; cuts: RfmCuts }>;
  /**
   * Incremental update of these contacts (one statement): their stats from the orders, scored
   * against the stored cut points; nobody else is touched. False when the workspace has no cuts yet.
   */
  updateContacts(workspaceId: string, contactIds: readonly string[], now: Date): Promise<boolean>;
  rfmSummary(workspaceId: string): Promise<RfmSummaryRows>;
  /** One page of a cell's or a segment's contacts, latest order first; `after` is the last row's (lastOrderAt, id). */
  rfmContacts(workspaceId: string, filter: RfmFilter, after: { at: Date; id: string } | null, limit: number): Promise<RfmContactRow[]>;
  contactInsight(workspaceId: string, contactId: string): Promise<ContactInsight | null>;
  /** Customers' stored figures in contact-id order from `after` (model fitting and prediction pages). */
  customerPage(workspaceId: string, after: string | null, limit: number): Promise<{ contactId: string; insight: ContactInsight }[]>;
  /** A random sample of at most `limit` customers (the fit's data) and how many there are. */
  customerSample(workspaceId: string, limit: number): Promise<{ total: number; rows: ContactInsight[] }>;
  savePredictions(workspaceId: string, predictions: readonly { contactId: string; valueIdr: number }[]): Promise<void>;
  saveClvModel(workspaceId: string, model: ClvModel, at: Date): Promise<void>;
  clvModel(workspaceId: string): Promise<{ model: ClvModel; fittedAt: Date } | null>;
  /** Customers in ten equal groups by predicted value (historical before a fit), lowest first. */
  valueDeciles(workspaceId: string, by: 'predicted' | 'historical'): Promise<ValueDecile[]>;
  /** Workspaces with at least one paid order (the periodic run's list). */
  workspacesWithOrders(): Promise<string[]>;
}
