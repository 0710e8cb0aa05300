import { describe } from 'vitest';
import { runSizingFixture } from '../test-support/sizing-fixture.ts';
import fixture from './capital-allocation.spec-fixture.json' with { type: 'json' };

describe('capital-allocation sizing', () => runSizingFixture(fixture));
