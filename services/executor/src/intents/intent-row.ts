export type IntentState = 'pending' | 'sent' | 'accepted' | 'rejected' | 'unknown' | 'resolved' | 'expired';

export interface IntentRow {
  clientOrderId: string;
  state: IntentState;
  attempts: number;
  /** When the last request for it was sent (its signature's time); null before the first. */
  sentAt: Date | null;
}

/** What an ended intent recorded of its outcome, to record that outcome again. */
export interface IntentOutcome {
  state: IntentState;
  exchangeOrderId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** When it ended. */
  resolvedAt: Date | null;
}
