import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { meshSecurityReadPermission } from '@mesh-security/plugin-mesh-security-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityMetadataCache } from '../entities/entityMetadataCache';
import { LabelSelectorSyntaxError } from '../entities/labelSelector';
import { groupTitle, isOwnedBy } from '../entities/ownership';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import { entityPosture } from '../views/entityPosture';
import { groupByOwnerGroup, meshOverview } from '../views/meshOverview';
import { matchEntities, teamScorecard } from '../views/teamScorecard';
import { annotatedEntities, groupsByRef } from './catalogQueries';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** the plugin's own credentials read entity metadata for the cache */
  auth: AuthService;
  cache: CacheService;
  /** how long entity metadata is reused (meshSecurity.entityCacheTtl) */
  entityCacheTtlMs: number;
  store: Pick<SnapshotStore, 'current'>;
}

/** Entity names, namespaces and kinds as the catalog allows them (lenient on case and length). */
const refPart = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be letters, digits, ".", "_" or "-"',
  );

const entityParams = z.object({
  namespace: refPart,
  kind: refPart,
  name: refPart,
});
const groupParams = z.object({ namespace: refPart, name: refPart });

function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params);
  if (!result.success) {
    const why = result.error.issues
      .map(i => `${i.path.join('.')} ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${why}`);
  }
  return result.data;
}

function requireSnapshot(view: IndexedSnapshot | undefined): IndexedSnapshot {
  if (!view) {
    throw new ServiceUnavailableError(
      'Mesh security data is not available yet: the first refresh has not completed',
    );
  }
  return view;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store } = options;
  const entityMetadata = new EntityMetadataCache({
    catalog,
    auth: options.auth,
    cache: options.cache,
    ttlMs: options.entityCacheTtlMs,
  });

  async function authorizeRead(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: meshSecurityReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to read mesh security data');
    }
  }

  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = stringifyEntityRef(parseParams(entityParams, req.params));
    // the permission framework decides per request whether the caller may read
    // the entity (conditional catalog policies are applied by the permission
    // backend for a resourceRef); the entity's metadata comes from a short cache
    const [[decision], entity, view] = await Promise.all([
      permissions.authorize(
        [{ permission: catalogEntityReadPermission, resourceRef: ref }],
        { credentials },
      ),
      entityMetadata.get(ref),
      store.current(),
    ]);
    // a denied entity looks exactly like a missing one
    if (decision.result !== AuthorizeResult.ALLOW || !entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    try {
      res.json(entityPosture(requireSnapshot(view), entity));
    } catch (error) {
      if (error instanceof LabelSelectorSyntaxError) {
        throw new InputError(
          `Entity ${stringifyEntityRef(entity)}: ${error.message}`,
        );
      }
      throw error;
    }
  });

  router.get('/groups/:namespace/:name/scorecard', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parseParams(groupParams, req.params);
    await authorizeRead(credentials);
    const groupRef = stringifyEntityRef({ kind: 'group', namespace, name });
    const [group, entities, view] = await Promise.all([
      catalog.getEntityByRef(groupRef, { credentials }),
      annotatedEntities(catalog, credentials),
      store.current(),
    ]);
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${groupRef}`);
    }
    const canonicalRef = stringifyEntityRef(group).toLocaleLowerCase('en-US');
    const owned = entities.filter(e => isOwnedBy(e, canonicalRef));
    res.json(
      teamScorecard(
        { ref: stringifyEntityRef(group), title: groupTitle(group) },
        matchEntities(requireSnapshot(view), owned),
      ),
    );
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeRead(credentials);
    const [entities, view] = await Promise.all([
      annotatedEntities(catalog, credentials),
      store.current(),
    ]);
    const matched = matchEntities(requireSnapshot(view), entities);
    const groups = await groupsByRef(
      catalog,
      [...groupByOwnerGroup(matched).keys()],
      credentials,
    );
    const titles = new Map(
      [...groups].map(([ref, group]) => [ref, groupTitle(group)]),
    );
    res.json(meshOverview(view!, matched, titles));
  });

  return router;
}
