import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { MAX_HISTORY_DAYS } from './types';

export const DEFAULT_HISTORY_DAYS = 30;

const historyQuery = z
  .object({
    days: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_HISTORY_DAYS))
      .optional(),
  })
  .passthrough();

/** `?days=N` of a history route: 1..90, 30 when absent; anything else is a 400. */
export function parseHistoryDays(query: unknown): number {
  const result = historyQuery.safeParse(query);
  if (!result.success) {
    const why = result.error.issues
      .map(i => `${i.path.join('.')} ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${why}`);
  }
  return result.data.days ?? DEFAULT_HISTORY_DAYS;
}
