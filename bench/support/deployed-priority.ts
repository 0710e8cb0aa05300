// The CPU niceness each service is deployed with (docker-compose.yml's PROCESS_NICE), so the
// benchmarks start the services off the copy path as nice as deployment does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Compose = { services: Record<string, { environment?: Record<string, string> }> };

export function deployedNice(root: string, service: string): string | undefined {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
  return compose.services[service]?.environment?.PROCESS_NICE;
}
