import { z } from 'zod';
import { pageLimit } from './records/pagination.ts';

/** The audit event types a person takes through the gateway (each payload names its actorUserId). */
export const manualActionTypes = [
  'kill_switch.engaged',
  'kill_switch.released',
  'trigger.pulled',
  'account.changed',
  'follow.changed',
] as const;
export const manualActionType = z.enum(manualActionTypes);

export const manualActionsQuery = z.strictObject({
  type: manualActionType.optional(),
  limit: pageLimit,
});
export type ManualActionsQuery = z.infer<typeof manualActionsQuery>;

/** One manual action from the audit trail, with who took it. */
export const manualAction = z
  .object({
    seq: z.string().describe('position in the audit chain (a bigint, as text)'),
    type: manualActionType,
    occurredAt: z.iso.datetime(),
    actorUserId: z.string().nullable(),
    /** The actor's email while the user exists; null once it is deleted. */
    actorEmail: z.string().nullable(),
    /** The event's payload as recorded (which switch, trigger, account or follow, and fields). */
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ManualAction' });
export type ManualAction = z.infer<typeof manualAction>;

/** The newest manual actions first. */
export const manualActionList = z.object({ actions: z.array(manualAction) });
