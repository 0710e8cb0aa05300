import { describe } from 'vitest';
import { runSizingFixture } from '../test-support/sizing-fixture.ts';
import fixture from './fixed-lot.spec-fixture.json' with { type: 'json' };

describe('fixed-lot sizing', () => runSizingFixture(fixture));
