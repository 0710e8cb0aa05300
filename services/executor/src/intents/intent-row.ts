export type IntentState = 'pending' | 'sent' | 'accepted' | 'rejected' | 'unknown' | 'resolved' | 'expired';

export interface IntentRow {
  clientOrderId: string;
  state: IntentState;
  attempts: number;
  /** When the last request for it was sent (its signature's time); null before the first. */
  sentAt: Date | null;
}
