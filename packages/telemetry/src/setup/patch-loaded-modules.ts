import { createRequire } from 'node:module';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';

/** What is read of an instrumentation (each brings its own copy of the base class's types). */
export interface ModulePatcher {
  getModuleDefinitions(): InstrumentationModuleDefinition[];
}

const require = createRequire(import.meta.url);

function loaded(name: string, from: NodeRequire): { exports: unknown; version: string } | undefined {
  try {
    const path = from.resolve(name);
    // Only modules the process already holds: the require hook patches the ones loaded later.
    if (!(path in from.cache)) return undefined;
    const exports = from(name) as unknown;
    const { version } = from(`${name}/package.json`) as { version: string };
    return { exports, version };
  } catch {
    return undefined;
  }
}

/**
 * The instrumentations' hooks patch a module as it is required, but the services import ioredis
 * and pg (CommonJS) from ES modules before tracing starts, and in one process (tests, the demo)
 * long before. Both patch prototypes, so patching the instance already loaded covers every client.
 */
export function patchLoadedModules(instrumentations: ModulePatcher[]): void {
  const pgRequire = (() => {
    try {
      return createRequire(require.resolve('pg'));
    } catch {
      return require;
    }
  })();
  for (const instrumentation of instrumentations) {
    for (const definition of instrumentation.getModuleDefinitions()) {
      const from = definition.name === 'pg-pool' ? pgRequire : require;
      const module = loaded(definition.name, from);
      if (module === undefined) continue;
      definition.patch?.(module.exports, module.version);
    }
  }
}
