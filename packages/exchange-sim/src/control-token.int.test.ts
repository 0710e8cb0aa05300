import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './start.ts';

const token = 'control-token-for-this-test-3f9a';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ controlToken: token });
});
afterAll(() => sim.stop());

const control = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.restUrl}/sim/v1${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
const post = (path: string, authorization?: string) =>
  control(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ balances: { USD: '1000' } }),
  });

describe('the simulator control API with a controlToken', () => {
  it('refuses a request without the token, with a wrong one, or with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, `Basic ${token}`, token]) {
      const res = await post('/accounts', authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    const get = await control('/mark-prices/BTCUSD');
    expect(get.status).toBe(401);
    expect(await get.text()).not.toContain('price');
  });

  it('serves a request that carries the token, and in-process calls need none', async () => {
    const before = sim.control.getMarkPrice('BTCUSD');
    const res = await post('/accounts', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const { userId } = (await res.json()) as { userId: number };
    expect(sim.control.balances(userId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ asset_symbol: 'USD' })]),
    );
    sim.control.setMarkPrice('BTCUSD', '50000');
    expect(sim.control.getMarkPrice('BTCUSD')).toBe('50000');
    sim.control.setMarkPrice('BTCUSD', before);
  });

  it('leaves the Delta API itself alone', async () => {
    expect((await fetch(`${sim.restUrl}/v2/products`)).status).toBe(200);
  });
});

const main = resolve(import.meta.dirname, 'main.ts');

function runMain(env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [main, '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('control API:')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('pnpm sim', () => {
  it('refuses to start in production without SIM_CONTROL_TOKEN, saying how to pass one', async () => {
    const { code, stderr } = await runMain({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('SIM_CONTROL_TOKEN is required because NODE_ENV is production');
    expect(stderr).toContain('Authorization: Bearer <token>');
  });

  it('refuses to bind a non-loopback host without SIM_CONTROL_TOKEN', async () => {
    const { code, stderr } = await runMain({ SIM_HOST: '0.0.0.0' });
    expect(code).toBe(1);
    expect(stderr).toContain('binds to 0.0.0.0, which is not a loopback address');
  });

  it('starts with a token in production, and open on loopback in development', async () => {
    const withToken = await runMain({ NODE_ENV: 'production', SIM_CONTROL_TOKEN: token });
    expect(withToken.code).toBe(0);
    expect(withToken.stdout).toContain('Authorization: Bearer $SIM_CONTROL_TOKEN');
    expect(withToken.stdout).not.toContain(token);
    const open = await runMain({ NODE_ENV: 'development' });
    expect(open.code).toBe(0);
    expect(open.stdout).toContain('control API: open');
  });
});
