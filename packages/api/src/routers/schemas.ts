import { z } from 'zod';
import { ASSIGNMENT_STATES } from '@chidao/domain';

export const assignmentState = z.enum(ASSIGNMENT_STATES);

export const assignmentView = z.object({
  id: z.string(),
  directiveId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  parentUnitId: z.string().nullable(),
  state: assignmentState,
  issuedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  directive: z.object({
    id: z.string(),
    reference: z.string(),
    subject: z.string(),
    date: z.string(),
    issuerUnitId: z.string(),
    issuerName: z.string(),
  }),
  tasks: z.array(z.object({ id: z.string(), text: z.string() })),
});

export const ackCount = z.object({ total: z.number().int(), acknowledged: z.number().int() });
