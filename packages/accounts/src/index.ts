export { AccountDirectory, type AccountDirectoryOptions } from './account-directory.ts';
export { loadAccount, type AccountRecord } from './account-record.ts';
export { toFollowSettings } from './follow-settings.ts';
export { endFollow, type UnsubscribeMode } from './end-follow.ts';
