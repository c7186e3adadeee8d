import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestEntries } from '@mesh-security/mesh-security-engine';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';

/** Every object of the manifests in `dir` (the demo mesh's), files in sorted order. */
export function manifestObjects(dir: string): KubeObject[] {
  return readdirSync(dir)
    .sort()
    .flatMap(file =>
      parseManifestEntries(readFileSync(join(dir, file), 'utf8'), file),
    )
    .map(entry => entry.object);
}
