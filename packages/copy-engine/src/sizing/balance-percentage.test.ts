import { describe } from 'vitest';
import { runSizingFixture } from '../test-support/sizing-fixture.ts';
import fixture from './balance-percentage.spec-fixture.json' with { type: 'json' };

describe('balance-percentage sizing', () => runSizingFixture(fixture));
