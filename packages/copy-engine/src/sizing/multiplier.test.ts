import { describe } from 'vitest';
import { runSizingFixture } from '../test-support/sizing-fixture.ts';
import fixture from './multiplier.spec-fixture.json' with { type: 'json' };

describe('multiplier sizing', () => runSizingFixture(fixture));
