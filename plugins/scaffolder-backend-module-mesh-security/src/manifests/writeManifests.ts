import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { PolicyObject } from './istioPolicies';

/** Normalizes the `targetPath` input: relative, inside the workspace, no trailing slash. */
export function manifestDirectory(
  workspacePath: string,
  targetPath: string | undefined,
): string {
  const dir = (targetPath ?? 'istio').trim().replace(/\/+$/, '') || '.';
  try {
    resolveSafeChildPath(workspacePath, dir);
  } catch {
    throw new InputError(
      `targetPath '${targetPath}' is outside the workspace; give a relative directory`,
    );
  }
  return dir === '.' ? '' : dir;
}

/**
 * One YAML stream per file, documents separated by `---`; lists at their
 * key's indentation, as kubectl and the engine's remediations print them.
 */
export function manifestYaml(docs: PolicyObject[]): string {
  return docs.map(doc => stringify(doc, { indentSeq: false })).join('---\n');
}

/**
 * Writes the files (paths relative to the workspace) and returns their paths.
 * Group the policies by file first: one file per namespace.
 */
export async function writeManifests(
  workspacePath: string,
  files: Array<{ path: string; docs: PolicyObject[] }>,
): Promise<string[]> {
  for (const file of files) {
    const absolute = resolveSafeChildPath(workspacePath, file.path);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, manifestYaml(file.docs), 'utf8');
  }
  return files.map(f => f.path);
}

/** Groups policies into one file per namespace under `dir`. */
export function filesByNamespace(
  dir: string,
  fileName: string,
  policies: PolicyObject[],
): Array<{ path: string; docs: PolicyObject[] }> {
  const byNamespace = new Map<string, PolicyObject[]>();
  for (const policy of policies) {
    const list = byNamespace.get(policy.metadata.namespace) ?? [];
    list.push(policy);
    byNamespace.set(policy.metadata.namespace, list);
  }
  return [...byNamespace.keys()].sort().map(namespace => ({
    path: [dir, namespace, fileName].filter(Boolean).join('/'),
    docs: byNamespace.get(namespace)!,
  }));
}
