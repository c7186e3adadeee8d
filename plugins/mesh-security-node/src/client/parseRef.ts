import { InputError } from '@backstage/errors';

/** The parts of an entity ref the backend's routes are keyed by. */
export interface RefParts {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parses `[kind:][namespace/]name`, the catalog's entity ref format. Kept local
 * so that this library does not pull in the catalog model for one function.
 */
export function parseRef(
  ref: string,
  defaults: { kind?: string; namespace?: string } = {},
): RefParts {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref.trim());
  const kind = match?.[1] ?? defaults.kind;
  if (!match || !kind) {
    throw new InputError(
      `Invalid entity ref '${ref}', expected [kind:][namespace/]name${
        defaults.kind ? '' : ' with a kind'
      }`,
    );
  }
  return {
    kind,
    namespace: match[2] ?? defaults.namespace ?? 'default',
    name: match[3],
  };
}
