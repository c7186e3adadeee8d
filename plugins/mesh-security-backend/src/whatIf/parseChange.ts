import { InputError } from '@backstage/errors';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  changeSetFromObjects,
  ManifestError,
  parseManifests,
  type ChangeSet,
} from '@mesh-security/mesh-security-engine';

/** The name errors in a pasted change refer to: `change.yaml:LINE: reason`. */
export const CHANGE_FILE = 'change.yaml';

function fromManifest<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    // file and line are the user's own text, the reason is the parser's
    if (error instanceof ManifestError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * The change a request describes, read like a change file of the CLI: YAML
 * (or JSON) manifests, or objects already parsed, each checked by the
 * manifests parser. An object annotated `mesh-security.io/change: delete`
 * deletes its namesake. Bad input is an InputError naming where.
 */
export function parseChange(
  body: { yaml?: string; changes?: unknown[] },
  maxBytes: number,
): ChangeSet {
  let objects: KubeObject[];
  let where: string;
  if (body.yaml !== undefined) {
    where = CHANGE_FILE;
    objects = fromManifest(() =>
      parseManifests(body.yaml!, CHANGE_FILE, { maxBytes }),
    );
  } else {
    where = 'changes';
    // one text per object, so that an error names the object: `changes[2]:1: …`
    objects = (body.changes ?? []).flatMap((object, i) =>
      fromManifest(() =>
        parseManifests(JSON.stringify(object), `changes[${i}]`, { maxBytes }),
      ),
    );
  }
  if (objects.length === 0)
    throw new InputError(`${where}: no Kubernetes objects found in the change`);
  try {
    return changeSetFromObjects(objects);
  } catch (error) {
    throw new InputError(`${where}: ${(error as Error).message}`);
  }
}
