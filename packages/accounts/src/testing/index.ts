export {
  ephemeralVault,
  type ExchangeCredentials,
  type ExchangeEndpoints,
  type FollowInput,
  seedAccount,
  seedFollow,
} from './seed-accounts.ts';
