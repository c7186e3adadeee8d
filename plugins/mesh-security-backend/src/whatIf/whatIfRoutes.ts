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
import { meshSecuritySimulatePermission } from '@mesh-security/plugin-mesh-security-common';
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
import { rawJsonArray, rawJsonObject } from './rawJson';
import { ProposalRefused } from './simulateInCluster';
import type { Simulator } from './Simulator';
import {
  workloadEntityPairs,
  clusterWorkloadKey,
  type WorkloadEntityPairs,
} from './workloadEntities';

export interface WhatIfRouteOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: Pick<SnapshotStore, 'current'>;
  /** an entity's metadata, as the entity route reads it */
  entityMetadata: { get(entityRef: string): Promise<Entity | undefined> };
  /** runs simulations against each cluster's objects and metrics as last evaluated; absent: simulations answer 503 */
  simulator?: Simulator;
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

  const notKept = (cluster: string) =>
    new ServiceUnavailableError(
      `The objects of cluster ${cluster} are not kept yet: simulations are possible after the next refresh`,
    );

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
  ): Promise<string[]> {
    if (body.cluster) return [clusterOf(view, body.cluster).cluster];
    if (entity) {
      const names = entityClusters(view, entity).clusters;
      if (names.length > 0) return names.map(n => clusterOf(view, n).cluster);
    }
    if (view.clusters.length === 1) return [view.clusters[0].cluster];
    // clusters whose inputs are not kept yet cannot be touched: they are judged after the next refresh
    const { touched, notKept: missing } = (await options.simulator?.touched(
      change,
      view.clusters.map(c => ({
        cluster: c.cluster,
        rootNamespace: c.report.assumptions.rootNamespace,
      })),
    )) ?? { touched: [], notKept: view.clusters.map(c => c.cluster) };
    if (touched.length === 0) {
      if (missing.length > 0)
        throw new ServiceUnavailableError(
          'The objects of some clusters are not kept yet: simulations are possible after the next refresh',
        );
      throw new InputError(
        'The change touches no namespace of any cluster: name one with `cluster`',
      );
    }
    const names = new Set(touched);
    return view.clusters.filter(c => names.has(c.cluster)).map(c => c.cluster);
  }

  async function entitiesFor(
    view: IndexedSnapshot,
    credentials: BackstageCredentials,
  ): Promise<WorkloadEntityPairs> {
    return workloadEntityPairs(
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
    const unknown = unknownKindsByCluster(view);
    const simulations: Array<{ changed: string[]; json: Uint8Array }> = [];
    for (const cluster of targets) {
      const unknownKinds = unknown.get(cluster);
      const simulation = await options.simulator?.simulate({
        cluster,
        change,
        entities,
        ...(unknownKinds && { unknownKinds }),
      });
      if (!simulation) throw notKept(cluster);
      simulations.push(simulation);
    }
    // a SimulationResponse
    res.type('application/json').send(
      rawJsonObject([
        ['changed', Buffer.from(JSON.stringify(simulations[0]?.changed ?? []))],
        ['clusters', rawJsonArray(simulations.map(s => s.json))],
      ]),
    );
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
    // one job per cluster (it evaluates the cluster once), answered in the workloads' order
    const byCluster = new Map<string, string[]>();
    for (const w of workloads) {
      const keys = byCluster.get(w.cluster) ?? [];
      keys.push(`${w.namespace}/${w.name}`);
      byCluster.set(w.cluster, keys);
    }
    const proposals = new Map<string, Uint8Array>();
    for (const [cluster, keys] of byCluster) {
      const unknownKinds = unknown.get(cluster);
      let answers: Uint8Array[] | undefined;
      try {
        answers = await options.simulator?.propose({
          cluster,
          workloads: keys,
          entities,
          ...(unknownKinds && { unknownKinds }),
        });
      } catch (error) {
        if (!(error instanceof ProposalRefused)) throw error;
        throw error.reason === 'no-metrics'
          ? new InputError(error.message)
          : new NotFoundError(error.message);
      }
      if (!answers) throw notKept(cluster);
      keys.forEach((key, i) =>
        proposals.set(clusterWorkloadKey(cluster, key), answers[i]),
      );
    }
    // AuthorizationProposals
    res.type('application/json').send(
      rawJsonObject([
        ['entityRef', Buffer.from(JSON.stringify(stringifyEntityRef(entity)))],
        [
          'proposals',
          rawJsonArray(
            workloads.map(
              w =>
                proposals.get(
                  clusterWorkloadKey(w.cluster, `${w.namespace}/${w.name}`),
                )!,
            ),
          ),
        ],
      ]),
    );
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
