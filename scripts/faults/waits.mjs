// Bounded waits on what a backend serves.
import { waitFor } from '../lib/waitFor.mjs';

export const ENTITY = '/entities/default/component/payment-service';

const describe = body =>
  body?.sources
    ?.map(s => `${s.name}=${s.state}${s.message ? ` (${s.message})` : ''}`)
    .join(', ') ?? 'no answer';

/**
 * The entity's posture from a refresh that started after `since` (a Date)
 * and satisfies `accept`; the error names what was served last.
 */
export async function postureAfter(
  backend,
  since,
  accept,
  what,
  entity = ENTITY,
) {
  let last;
  try {
    return await waitFor(what, 25_000, async () => {
      const res = await backend.get(entity);
      if (res.status !== 200) {
        last = {
          sources: [
            { name: `HTTP ${res.status}`, state: res.text.slice(0, 200) },
          ],
        };
        return undefined;
      }
      last = res.json;
      if (res.json.generatedAt <= since.toISOString()) return undefined;
      return accept(res.json) ? res.json : undefined;
    });
  } catch (error) {
    throw new Error(`${error.message}; last served: ${describe(last)}`);
  }
}

export const sourceOf = (body, name) => body.sources.find(s => s.name === name);

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
