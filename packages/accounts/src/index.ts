export { AccountDirectory, type AccountDirectoryOptions } from './account-directory.ts';
export type { AccountRecord, StoredAccount } from './account-record.ts';
export { loadAccountsSql } from './account-record-sql.ts';
export { type FollowSettingsRow, toFollowSettings } from './follow-settings.ts';
export { followSettingsColumns } from './follow-settings-sql.ts';
export { endFollow, type UnsubscribeMode } from './end-follow.ts';
