/**
 * Signs checkpoints outside production when AUDIT_CHECKPOINT_KEY is unset. It is public, so such
 * checkpoints prove nothing against someone who can read this file; production requires a key.
 */
export const developmentCheckpointKey = 'dev-only-audit-checkpoint-key-not-for-production';

/** The key checkpoints are signed and checked with; errors name the variable, never a value. */
export function checkpointKey(env: { NODE_ENV?: string; AUDIT_CHECKPOINT_KEY?: string | undefined }): string {
  const key = env.AUDIT_CHECKPOINT_KEY || undefined;
  if (env.NODE_ENV === 'production') {
    if (key === undefined) throw new Error('AUDIT_CHECKPOINT_KEY is required in production');
    if (key === developmentCheckpointKey)
      throw new Error('AUDIT_CHECKPOINT_KEY is the public development key; refused in production');
  }
  return key ?? developmentCheckpointKey;
}
