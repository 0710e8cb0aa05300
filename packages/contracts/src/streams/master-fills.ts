import { type MasterFillJob, masterFillJob } from '../jobs/master-fill.ts';
import { parseStreamEntry, type StreamEntryOf } from './entry-fields.ts';

/**
 * listener (its position step, with the fill it applies) → mapper: a stream of master fills
 * (`redisKeys.masterFillStream`), entries `{ fill: masterFillJob JSON, trace?: W3C trace context JSON }`,
 * read by the mappers' consumer group `masterFillGroup` and deleted once fanned out (or handed to a
 * master-fills job). Written in the step that applies the fill, so no applied fill is left unsent.
 */
export const masterFillGroup = 'mappers';

/** A master fill stream entry's fields, checked. */
export function parseFillStreamEntry(fields: readonly string[]): StreamEntryOf<MasterFillJob> {
  return parseStreamEntry(fields, 'fill', masterFillJob);
}
