import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  serializeError,
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
import { parseHistoryDays } from '../history/historyQuery';
import { HistoryReader, readHistory } from '../history/readHistory';
import { groupTitle, isOwnedBy } from '../entities/ownership';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import { entityPosture } from '../views/entityPosture';
import {
  MatchedOverview,
  meshFindings,
  meshOverview,
  meshOverviewSummary,
} from '../views/meshOverview';
import { cachedMatchedOverview } from '../views/overviewCache';
import { findingsPage, servicesPage } from '../views/overviewPages';
import { matchEntities, teamScorecard } from '../views/teamScorecard';
import { parseFindingsQuery, parseServicesQuery } from './overviewQueries';
import { annotatedEntities, groupsByRef } from './catalogQueries';
import type { Simulator } from '../whatIf/Simulator';
import { whatIfRoutes } from '../whatIf/whatIfRoutes';

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
  /** posture history; absent when `meshSecurity.history.enabled` is false */
  history?: HistoryReader;
  /** runs what-if jobs against each cluster's objects as the last refresh evaluated them; absent: simulations answer 503 */
  simulator?: Simulator;
  /** largest what-if request body in bytes (meshSecurity.whatIf.maxChangeSize, default 256 KiB) */
  maxChangeBytes?: number;
  /** where "not ready yet" is noted (never as an error) */
  logger?: LoggerService;
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

/** Before the first refresh: an expected state, answered 503 but not logged as a failure. */
class NotReadyError extends ServiceUnavailableError {}

function requireSnapshot(view: IndexedSnapshot | undefined): IndexedSnapshot {
  if (!view) {
    throw new NotReadyError(
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
  // before the JSON parser: what-if bodies have their own limit, read after the permission check
  router.use(
    whatIfRoutes({
      ...options,
      entityMetadata,
      maxChangeBytes: options.maxChangeBytes ?? 256 * 1024,
      requireSnapshot,
      authorizeRead,
    }),
  );
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

  // history: the same permissions as the snapshot routes, one query each
  router.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = stringifyEntityRef(parseParams(entityParams, req.params));
    const days = parseHistoryDays(req.query);
    const [[decision], entity] = await Promise.all([
      permissions.authorize(
        [{ permission: catalogEntityReadPermission, resourceRef: ref }],
        { credentials },
      ),
      entityMetadata.get(ref),
    ]);
    if (decision.result !== AuthorizeResult.ALLOW || !entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    res.json(
      await readHistory(
        options.history,
        'entity',
        stringifyEntityRef(entity),
        days,
      ),
    );
  });

  router.get('/groups/:namespace/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parseParams(groupParams, req.params);
    const days = parseHistoryDays(req.query);
    await authorizeRead(credentials);
    const groupRef = stringifyEntityRef({ kind: 'group', namespace, name });
    const group = await catalog.getEntityByRef(groupRef, { credentials });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(`No group ${groupRef}`);
    }
    res.json(
      await readHistory(
        options.history,
        'team',
        stringifyEntityRef(group),
        days,
      ),
    );
  });

  /** The readable annotated entities matched against the snapshot, and the snapshot. */
  async function matchedForCaller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeRead(credentials);
    const [entities, view] = await Promise.all([
      annotatedEntities(catalog, credentials),
      store.current(),
    ]);
    const ready = requireSnapshot(view);
    return {
      credentials,
      view: ready,
      matched: cachedMatchedOverview(ready, entities),
    };
  }

  async function ownerGroupTitles(
    matched: MatchedOverview,
    credentials: BackstageCredentials,
  ) {
    const groups = await groupsByRef(
      catalog,
      matched.teams.map(team => team.groupRef),
      credentials,
    );
    return new Map([...groups].map(([ref, group]) => [ref, groupTitle(group)]));
  }

  // everything at once: kept for older clients, megabytes on a large mesh
  router.get('/overview', async (req, res) => {
    const { credentials, view, matched } = await matchedForCaller(req);
    const titles = await ownerGroupTitles(matched, credentials);
    res.json(await meshOverview(view, matched, titles));
  });

  router.get('/overview/summary', async (req, res) => {
    const { credentials, view, matched } = await matchedForCaller(req);
    const titles = await ownerGroupTitles(matched, credentials);
    res.json(await meshOverviewSummary(view, matched, titles));
  });

  router.get('/overview/services', async (req, res) => {
    // the query first: a bad one costs no catalog read
    const query = parseServicesQuery(req.query);
    const { matched } = await matchedForCaller(req);
    res.json(servicesPage(matched.services, query));
  });

  // findings are the snapshot's, whoever asks: no catalog read
  router.get('/overview/findings', async (req, res) => {
    const query = parseFindingsQuery(req.query);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeRead(credentials);
    const view = requireSnapshot(await store.current());
    res.json(findingsPage(await meshFindings(view), query));
  });

  // The framework's error handler logs every 5xx at error level; "not ready
  // yet" is expected at startup, so it is answered here with the same body.
  let notedNotReady = false;
  router.use(
    (
      error: unknown,
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!(error instanceof NotReadyError) || res.headersSent) {
        next(error);
        return;
      }
      const log = options.logger;
      if (!notedNotReady) {
        log?.info(
          'Answering 503 until the first mesh security refresh has completed',
        );
        notedNotReady = true;
      } else {
        log?.debug(`503 for ${req.method} ${req.originalUrl}: not ready yet`);
      }
      res.status(503).json({
        error: serializeError(error),
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 503 },
      });
    },
  );

  return router;
}
