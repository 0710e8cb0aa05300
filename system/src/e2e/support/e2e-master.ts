import { seedAccount } from '@copytrade/accounts/testing';
import type { Db } from '@copytrade/db';
import { DeltaRestClient } from '@copytrade/delta-client';
import type { Credentials, Simulator } from '@copytrade/exchange-sim';
import type { Vault } from '@copytrade/vault';

export interface MasterSpec {
  label: string;
  /** USD balance on the simulator. @defaultValue '100000' */
  balance?: string;
}

/** A master account of the session: on the simulator, in the database, and a client to trade with. */
export interface E2eMaster {
  label: string;
  accountId: string;
  simUserId: number;
  credentials: Credentials;
  client: DeltaRestClient;
  /** Its position per symbol, as the test traded it. */
  position: Record<string, number>;
  /** Trades at market (at `markPrice` when given); the test's record of its position follows. */
  trade(
    symbol: string,
    side: 'buy' | 'sell',
    size: number,
    markPrice?: string,
  ): ReturnType<DeltaRestClient['placeOrder']>;
}

/** Creates the master's simulator account and seeds it as the gateway stores it. */
export async function seedMaster(sim: Simulator, db: Db, vault: Vault, spec: MasterSpec): Promise<E2eMaster> {
  const credentials = sim.control.createAccount({
    label: spec.label,
    balances: { USD: spec.balance ?? '100000' },
  });
  const { accountId } = await seedAccount(db, vault, {
    role: 'master',
    label: spec.label,
    exchange: sim,
    credentials,
  });
  const client = new DeltaRestClient({
    baseUrl: sim.restUrl,
    apiKey: credentials.apiKey,
    apiSecret: credentials.apiSecret,
    clockSyncIntervalMs: 0,
  });
  const position: Record<string, number> = {};
  return {
    label: spec.label,
    accountId,
    simUserId: credentials.userId,
    credentials,
    client,
    position,
    trade(symbol, side, size, markPrice) {
      if (markPrice !== undefined) sim.control.setMarkPrice(symbol, markPrice);
      position[symbol] = (position[symbol] ?? 0) + (side === 'buy' ? size : -size);
      return client.placeOrder({ productSymbol: symbol, side, size, orderType: 'market_order' });
    },
  };
}
