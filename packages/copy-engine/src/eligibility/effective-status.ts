import type { AccountStatus, FollowStatus, PauseMode } from '../types/follow-settings.ts';

const strictness: Record<FollowStatus, number> = { active: 0, close_only: 1, frozen: 2, stopped: 3 };

/**
 * What a follow may do given its own state and its follower account's: the stricter of the two.
 * A paused account behaves as its pause mode says (close-only by default); a disabled account's keys
 * are not to be used, so its follows are frozen.
 */
export function effectiveStatus(
  follow: FollowStatus,
  account: { status: AccountStatus; pauseMode: PauseMode },
): FollowStatus {
  const fromAccount: FollowStatus =
    account.status === 'active' ? 'active' : account.status === 'paused' ? account.pauseMode : 'frozen';
  return strictness[fromAccount] > strictness[follow] ? fromAccount : follow;
}
