import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityPosture,
  MeshOverview,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityApi, MeshSecurityEntityRef } from './MeshSecurityApi';

/**
 * HTTP client of the mesh-security backend. Uses the app's fetchApi so that
 * the user's Backstage token is attached to every request.
 * @public
 */
export class MeshSecurityClient implements MeshSecurityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityPosture(
    entityRef: MeshSecurityEntityRef,
  ): Promise<EntityPosture> {
    const { namespace, kind, name } = parseEntityRef(entityRef);
    return this.get<EntityPosture>(
      `/entities/${segment(namespace)}/${segment(kind)}/${segment(name)}`,
    );
  }

  async getTeamScorecard(
    groupRef: string | { namespace?: string; name: string },
  ): Promise<TeamScorecard> {
    const ref = parseEntityRef(groupRef, { defaultKind: 'group' });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new TypeError(
        `Team scorecards exist for Group entities only, got kind '${ref.kind}'`,
      );
    }
    return this.get<TeamScorecard>(
      `/groups/${segment(ref.namespace)}/${segment(ref.name)}/scorecard`,
    );
  }

  async getOverview(): Promise<MeshOverview> {
    return this.get<MeshOverview>('/overview');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh-security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** Entity names and namespaces are URL-safe by the catalog's rules; encode anyway. */
function segment(value: string): string {
  return encodeURIComponent(value.toLocaleLowerCase('en-US'));
}
