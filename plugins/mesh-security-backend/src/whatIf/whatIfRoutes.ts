import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  meshSecuritySimulatePermission,
  type AuthorizationProposalView,
  type AuthorizationProposals,
  type SimulationResponse,
} from '@mesh-security/plugin-mesh-security-common';
import type { ChangeSet } from '@mesh-security/mesh-security-engine';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { LabelSelectorSyntaxError } from '../entities/labelSelector';
import { annotatedEntities } from '../router/catalogQueries';
import { parseStrictMigrationQuery } from '../router/overviewQueries';
import type {
  IndexedCluster,
  IndexedSnapshot,
} from '../snapshot/IndexedSnapshot';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import { matchEntity } from '../views/entityPosture';
import { cachedStrictMigration } from '../views/overviewCache';
import { strictMigrationPage } from '../views/strictMigration';
import { matchEntities } from '../views/teamScorecard';
import { unknownKindsByCluster } from '../views/unknownKinds';
import { parseChange } from './parseChange';
import {
  proposeInCluster,
  simulateInCluster,
  type SimulationTarget,
} from './simulateInCluster';
import type { SimulationInputStore } from './SimulationInputStore';
import { touchedClusters } from './touchedClusters';
import {
  workloadEntityLookup,
  type WorkloadEntityLookup,
} from './workloadEntities';

export interface WhatIfRouteOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: Pick<SnapshotStore, 'current'>;
  /** an entity's metadata, as the entity route reads it */
  entityMetadata: { get(entityRef: string): Promise<Entity | undefined> };
  /** each cluster's objects and metrics as last evaluated; absent: simulations answer 503 */
  inputs?: Pick<SimulationInputStore, 'read'>;
  /** largest request body, in bytes */
  maxChangeBytes: number;
  /** the current snapshot, or the router's "not ready yet" error */
  requireSnapshot(view: IndexedSnapshot | undefined): IndexedSnapshot;
  /** `mesh-security.read`, as for the overview */
  authorizeRead(credentials: BackstageCredentials): Promise<void>;
}

/** 413 with a message saying what the limit is. */
class ChangeTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError';
  statusCode = 413;
}

const clusterName = z.string().min(1).max(255);
const entityRefText = z.string().min(1).max(1000);
const workloadKey = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be namespace/name',
  );

const simulateBody = z
  .object({
    yaml: z.string().optional(),
    changes: z.array(z.record(z.unknown())).optional(),
    entityRef: entityRefText.optional(),
    cluster: clusterName.optional(),
  })
  .strict()
  .refine(b => (b.yaml === undefined) !== (b.changes === undefined), {
    message: 'give the change as either `yaml` or `changes`',
  });

const proposeBody = z
  .object({
    entityRef: entityRefText,
    workload: workloadKey.optional(),
    cluster: clusterName.optional(),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const why = result.error.issues
      .map(i => `${i.path.length ? `${i.path.join('.')} ` : ''}${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${why}`);
  }
  return result.data;
}

/**
 * What-if routes: simulate a change, propose least-privilege policies, and
 * the STRICT migration view. Simulations read the objects the last refresh
 * evaluated (never a cluster) and apply nothing anywhere.
 */
export function whatIfRoutes(options: WhatIfRouteOptions): express.Router {
  const { httpAuth, permissions, catalog, store, requireSnapshot } = options;
  const json = express.json({ limit: options.maxChangeBytes });
  const limitText = `${Math.floor(options.maxChangeBytes / 1024)} KiB`;

  /** The body, read only once the caller is known to be allowed to send it. */
  function readBody(req: express.Request, res: express.Response) {
    return new Promise<unknown>((resolve, reject) => {
      json(req, res, error => {
        if ((error as { type?: string })?.type === 'entity.too.large') {
          reject(
            new ChangeTooLargeError(
              `The change is larger than ${limitText} (meshSecurity.whatIf.maxChangeSize)`,
            ),
          );
        } else if (error) {
          reject(new InputError(`Invalid request body: ${error.message}`));
        } else resolve(req.body);
      });
    });
  }

  async function authorizeSimulate(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: meshSecuritySimulatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to simulate mesh changes');
    }
  }

  /** The entity if the caller may read it; a denied entity looks exactly like a missing one. */
  async function readableEntity(
    text: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(text, { defaultKind: 'component' }),
      );
    } catch (error) {
      throw new InputError(
        `Invalid request: entityRef ${(error as Error).message}`,
      );
    }
    const [[decision], entity] = await Promise.all([
      permissions.authorize(
        [{ permission: catalogEntityReadPermission, resourceRef: ref }],
        { credentials },
      ),
      options.entityMetadata.get(ref),
    ]);
    if (decision.result !== AuthorizeResult.ALLOW || !entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return entity;
  }

  function entityClusters(view: IndexedSnapshot, entity: Entity) {
    try {
      return matchEntity(view, entity);
    } catch (error) {
      if (error instanceof LabelSelectorSyntaxError)
        throw new InputError(
          `Entity ${stringifyEntityRef(entity)}: ${error.message}`,
        );
      throw error;
    }
  }

  /** The cluster's kept inputs with its served report; 503 until a refresh has kept them. */
  async function target(
    cluster: IndexedCluster,
    unknown: Map<string, string[]>,
  ): Promise<SimulationTarget> {
    const input = await options.inputs?.read(cluster.cluster);
    if (!input)
      throw new ServiceUnavailableError(
        `The objects of cluster ${cluster.cluster} are not kept yet: simulations are possible after the next refresh`,
      );
    return {
      input,
      report: cluster.report,
      ...(unknown.has(cluster.cluster) && {
        unknownKinds: unknown.get(cluster.cluster),
      }),
    };
  }

  function clusterOf(view: IndexedSnapshot, name: string): IndexedCluster {
    const cluster = view.clusters.find(c => c.cluster === name);
    if (!cluster) throw new NotFoundError(`No cluster ${name}`);
    return cluster;
  }

  /** The clusters to simulate in: the one asked for, the entity's, or those the change touches. */
  async function targetsFor(
    view: IndexedSnapshot,
    change: ChangeSet,
    body: { cluster?: string },
    entity: Entity | undefined,
  ): Promise<SimulationTarget[]> {
    const unknown = unknownKindsByCluster(view);
    if (body.cluster)
      return [await target(clusterOf(view, body.cluster), unknown)];
    if (entity) {
      const names = entityClusters(view, entity).clusters;
      if (names.length > 0)
        return Promise.all(
          names.map(name => target(clusterOf(view, name), unknown)),
        );
    }
    if (view.clusters.length === 1)
      return [await target(view.clusters[0], unknown)];
    // clusters whose inputs are not kept yet cannot be touched: they are judged after the next refresh
    const kept = await Promise.all(
      view.clusters.map(async c => ({
        cluster: c,
        input: await options.inputs?.read(c.cluster),
      })),
    );
    const touched = new Set(
      touchedClusters(
        change,
        kept.flatMap(({ cluster, input }) =>
          input
            ? [
                {
                  input,
                  rootNamespace: cluster.report.assumptions.rootNamespace,
                },
              ]
            : [],
        ),
      ).map(i => i.cluster),
    );
    if (touched.size === 0) {
      if (kept.some(k => !k.input))
        throw new ServiceUnavailableError(
          'The objects of some clusters are not kept yet: simulations are possible after the next refresh',
        );
      throw new InputError(
        'The change touches no namespace of any cluster: name one with `cluster`',
      );
    }
    return Promise.all(
      view.clusters
        .filter(c => touched.has(c.cluster))
        .map(c => target(c, unknown)),
    );
  }

  async function entitiesFor(
    view: IndexedSnapshot,
    credentials: BackstageCredentials,
  ): Promise<WorkloadEntityLookup> {
    return workloadEntityLookup(
      matchEntities(view, await annotatedEntities(catalog, credentials)),
    );
  }

  const router = Router();

  router.post('/simulate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeSimulate(credentials);
    const body = parseBody(simulateBody, await readBody(req, res));
    const change = parseChange(body, options.maxChangeBytes);
    const entity = body.entityRef
      ? await readableEntity(body.entityRef, credentials)
      : undefined;
    const view = requireSnapshot(await store.current());
    const targets = await targetsFor(view, change, body, entity);
    const entities = await entitiesFor(view, credentials);
    const clusters = targets.map(t => simulateInCluster(t, change, entities));
    const response: SimulationResponse = {
      changed: clusters[0]?.changed ?? [],
      clusters,
    };
    res.json(response);
  });

  router.post('/propose/authz', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeSimulate(credentials);
    const body = parseBody(proposeBody, await readBody(req, res));
    const entity = await readableEntity(body.entityRef, credentials);
    const view = requireSnapshot(await store.current());
    const workloads = entityClusters(view, entity).workloads.filter(
      w =>
        (!body.cluster || w.cluster === body.cluster) &&
        (!body.workload || `${w.namespace}/${w.name}` === body.workload),
    );
    if (workloads.length === 0 && (body.workload || body.cluster))
      throw new NotFoundError(
        `${stringifyEntityRef(entity)} has no workload ${[
          body.workload,
          body.cluster && `in cluster ${body.cluster}`,
        ]
          .filter(Boolean)
          .join(' ')}`,
      );
    const unknown = unknownKindsByCluster(view);
    const entities = await entitiesFor(view, credentials);
    const proposals: AuthorizationProposalView[] = [];
    for (const w of workloads) {
      const t = await target(clusterOf(view, w.cluster), unknown);
      if (!t.input.metrics)
        throw new InputError(
          `Cluster ${w.cluster} has no traffic metrics: a least-privilege proposal needs the observed callers`,
        );
      const key = `${w.namespace}/${w.name}`;
      let proposal;
      try {
        proposal = proposeInCluster(t, key, entities);
      } catch (error) {
        // the workload of the served report is gone from the kept objects (a refresh in between)
        if (/^no workload /.test((error as Error)?.message))
          throw new NotFoundError(
            `Cluster ${w.cluster}: ${(error as Error).message}`,
          );
        throw error;
      }
      proposals.push({ cluster: w.cluster, ...proposal });
    }
    const response: AuthorizationProposals = {
      entityRef: stringifyEntityRef(entity),
      proposals,
    };
    res.json(response);
  });

  router.get('/overview/strict-migration', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await options.authorizeRead(credentials);
    const page = parseStrictMigrationQuery(req.query);
    const [view, entities] = await Promise.all([
      store.current(),
      annotatedEntities(catalog, credentials),
    ]);
    res.json(
      strictMigrationPage(
        cachedStrictMigration(requireSnapshot(view), entities),
        page,
      ),
    );
  });

  return router;
}
