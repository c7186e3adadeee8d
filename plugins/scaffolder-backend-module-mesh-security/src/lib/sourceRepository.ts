import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** Where a pull request for an entity goes, in the publish actions' terms. */
export interface SourceRepository {
  /** `host?owner=…&repo=…`, the `repoUrl` format of publish:github:pull-request and publish:gitlab:merge-request */
  repoUrl: string;
  /** the branch the source location names; absent for a bare repository URL (the repository's default branch) */
  targetBranch?: string;
  /** directory of the source location inside the repository; empty for its root */
  repoPath: string;
}

/**
 * Reads `backstage.io/source-location` (`url:https://host/owner/repo/tree/branch/path`,
 * GitLab's `/-/tree/` too). A branch name with a slash cannot be told from its
 * path in such a URL; the first segment is taken as the branch, as the
 * catalog's own URL readers do.
 */
export function sourceRepository(
  entity: Entity,
  entityRef: string,
): SourceRepository {
  const location = entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION];
  if (!location?.trim()) {
    throw new InputError(
      `${entityRef} has no ${SOURCE_LOCATION_ANNOTATION} annotation: there is no repository to open the pull request in`,
    );
  }
  const raw = location.trim().replace(/^url:/, '');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(
      `${SOURCE_LOCATION_ANNOTATION} of ${entityRef} is not a URL: '${location}'`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `${SOURCE_LOCATION_ANNOTATION} of ${entityRef} is not a web URL of a repository: '${location}'`,
    );
  }
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  // GitLab separates the project path from the rest with `/-/`
  const dash = segments.indexOf('-');
  const project = dash >= 0 ? segments.slice(0, dash) : segments.slice(0, 2);
  const rest = dash >= 0 ? segments.slice(dash + 1) : segments.slice(2);
  if (project.length < 2) {
    throw new InputError(
      `${SOURCE_LOCATION_ANNOTATION} of ${entityRef} names no owner/repository: '${location}'`,
    );
  }
  const repo = project[project.length - 1].replace(/\.git$/, '');
  const owner = project.slice(0, -1).join('/');
  const params = new URLSearchParams({ owner, repo });
  const viaTree = rest[0] === 'tree' || rest[0] === 'blob';
  const targetBranch = viaTree ? rest[1] : undefined;
  let repoPath = viaTree ? rest.slice(2).join('/') : '';
  // a blob location names a file (catalog-info.yaml): its directory is the place
  if (rest[0] === 'blob') repoPath = repoPath.split('/').slice(0, -1).join('/');
  return {
    repoUrl: `${url.host}?${params.toString()}`,
    ...(targetBranch ? { targetBranch } : {}),
    repoPath,
  };
}
