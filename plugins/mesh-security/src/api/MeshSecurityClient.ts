import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuthorizationProposals,
  EntityPosture,
  Finding,
  ListPage,
  MeshOverview,
  MeshOverviewSummary,
  OverviewFindingsQuery,
  OverviewServicesQuery,
  PostureHistory,
  SimulationRequest,
  SimulationResponse,
  StrictMigration,
  ScorecardEntity,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityApi, MeshSecurityEntityRef } from './MeshSecurityApi';

/** How long an entity's posture is reused: the overview card and the tab ask within seconds. */
const DEFAULT_POSTURE_TTL_MS = 15_000;

/**
 * HTTP client of the mesh-security backend. Uses the app's fetchApi so that
 * the user's Backstage token is attached to every request.
 *
 * An entity's posture is shared for a few seconds (and while in flight): the
 * overview card and the "mTLS / Traffic" tab of one entity read the same
 * answer, and the backend's report changes only at its scheduled refresh,
 * minutes apart. Failures are not kept, so a retry asks again.
 * @public
 */
export class MeshSecurityClient implements MeshSecurityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly postureTtlMs: number;
  private readonly now: () => number;
  private readonly postures = new Map<
    string,
    { at: number; posture: Promise<EntityPosture> }
  >();

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** how long a posture is reused, in ms (default 15000; 0 turns it off) */
    postureTtlMs?: number;
    /** the clock, for tests */
    now?: () => number;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.postureTtlMs = options.postureTtlMs ?? DEFAULT_POSTURE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async getEntityPosture(
    entityRef: MeshSecurityEntityRef,
  ): Promise<EntityPosture> {
    const { namespace, kind, name } = parseEntityRef(entityRef);
    const path = `/entities/${segment(namespace)}/${segment(kind)}/${segment(
      name,
    )}`;
    const now = this.now();
    const kept = this.postures.get(path);
    if (kept && now - kept.at < this.postureTtlMs) return kept.posture;
    const posture = this.get<EntityPosture>(path);
    if (this.postureTtlMs > 0) {
      this.postures.set(path, { at: now, posture });
      posture.catch(() => {
        if (this.postures.get(path)?.posture === posture)
          this.postures.delete(path);
      });
    }
    return posture;
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

  async getOverviewSummary(): Promise<MeshOverviewSummary> {
    return this.get<MeshOverviewSummary>('/overview/summary');
  }

  async getOverviewServices(
    query: OverviewServicesQuery,
  ): Promise<ListPage<ScorecardEntity>> {
    return this.get<ListPage<ScorecardEntity>>(
      `/overview/services${queryString({ ...query })}`,
    );
  }

  async getOverviewFindings(
    query: OverviewFindingsQuery,
  ): Promise<ListPage<Finding & { cluster: string }>> {
    const { severity, ...rest } = query;
    return this.get<ListPage<Finding & { cluster: string }>>(
      `/overview/findings${queryString({
        ...rest,
        severity: severity?.length ? severity.join(',') : undefined,
      })}`,
    );
  }

  async getEntityHistory(
    entityRef: MeshSecurityEntityRef,
    options?: { days?: number },
  ): Promise<PostureHistory> {
    const { namespace, kind, name } = parseEntityRef(entityRef);
    return this.get<PostureHistory>(
      `/entities/${segment(namespace)}/${segment(kind)}/${segment(
        name,
      )}/history${daysQuery(options)}`,
    );
  }

  async getTeamHistory(
    groupRef: string | { namespace?: string; name: string },
    options?: { days?: number },
  ): Promise<PostureHistory> {
    const ref = parseEntityRef(groupRef, { defaultKind: 'group' });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new TypeError(
        `Team history exists for Group entities only, got kind '${ref.kind}'`,
      );
    }
    return this.get<PostureHistory>(
      `/groups/${segment(ref.namespace)}/${segment(
        ref.name,
      )}/history${daysQuery(options)}`,
    );
  }

  async simulateChange(
    request: SimulationRequest,
  ): Promise<SimulationResponse> {
    return this.post<SimulationResponse>('/simulate', request);
  }

  async proposeAuthorization(request: {
    entityRef: string;
    workload?: string;
    cluster?: string;
  }): Promise<AuthorizationProposals> {
    return this.post<AuthorizationProposals>('/propose/authz', request);
  }

  async getStrictMigration(page?: {
    offset?: number;
    limit?: number;
  }): Promise<StrictMigration> {
    return this.get<StrictMigration>(
      `/overview/strict-migration${queryString({ ...page })}`,
    );
  }

  /** A JSON request whose answer depends on its body: never kept. */
  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh-security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
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

/** `?days=N` of the history routes; the backend's default (30) without it. */
function daysQuery(options?: { days?: number }): string {
  return options?.days === undefined
    ? ''
    : `?days=${encodeURIComponent(options.days)}`;
}

/** `?a=1&b=x` of the values given; undefined and empty ones are left out so the backend's defaults apply. */
function queryString(
  params: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Entity names and namespaces are URL-safe by the catalog's rules; encode anyway. */
function segment(value: string): string {
  return encodeURIComponent(value.toLocaleLowerCase('en-US'));
}
