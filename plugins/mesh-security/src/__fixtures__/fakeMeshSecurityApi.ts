import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityPosture,
  MeshOverview,
  PostureHistory,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import type {
  MeshSecurityApi,
  MeshSecurityEntityRef,
} from '../api/MeshSecurityApi';

/**
 * An in-memory MeshSecurityApi: answers with the postures it was given,
 * keyed by entity ref, and rejects like the backend (404) for others.
 */
export class FakeMeshSecurityApi implements MeshSecurityApi {
  readonly postureRequests: string[] = [];

  constructor(
    private readonly data: {
      postures?: EntityPosture[];
      scorecards?: TeamScorecard[];
      overview?: MeshOverview;
      /** keyed by entity or Group ref; the `days` asked for are recorded in `historyRequests` */
      histories?: PostureHistory[];
    } = {},
  ) {}

  async getEntityPosture(ref: MeshSecurityEntityRef): Promise<EntityPosture> {
    const key = stringifyEntityRef(parseEntityRef(ref));
    this.postureRequests.push(key);
    const found = this.data.postures?.find(p => p.entityRef === key);
    if (!found) throw notFound(key);
    return found;
  }

  async getTeamScorecard(
    groupRef: string | { namespace?: string; name: string },
  ): Promise<TeamScorecard> {
    const key = stringifyEntityRef(
      parseEntityRef(groupRef, { defaultKind: 'group' }),
    );
    const found = this.data.scorecards?.find(s => s.groupRef === key);
    if (!found) throw notFound(key);
    return found;
  }

  async getOverview(): Promise<MeshOverview> {
    if (!this.data.overview) throw notFound('overview');
    return this.data.overview;
  }

  readonly historyRequests: Array<{ ref: string; days?: number }> = [];

  async getEntityHistory(
    ref: MeshSecurityEntityRef,
    options?: { days?: number },
  ): Promise<PostureHistory> {
    return this.history(stringifyEntityRef(parseEntityRef(ref)), options);
  }

  async getTeamHistory(
    groupRef: string | { namespace?: string; name: string },
    options?: { days?: number },
  ): Promise<PostureHistory> {
    const key = stringifyEntityRef(
      parseEntityRef(groupRef, { defaultKind: 'group' }),
    );
    return this.history(key, options);
  }

  private async history(
    key: string,
    options?: { days?: number },
  ): Promise<PostureHistory> {
    this.historyRequests.push({ ref: key, days: options?.days });
    const found = this.data.histories?.find(h => h.subjectRef === key);
    if (!found) throw notFound(`history of ${key}`);
    return { ...found, days: options?.days ?? found.days };
  }
}

function notFound(what: string): Error {
  const error = new Error(`No mesh-security data for ${what}`);
  error.name = 'NotFoundError';
  return error;
}
