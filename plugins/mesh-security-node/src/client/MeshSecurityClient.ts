import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import type {
  EntityPosture,
  PostureHistory,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import type {
  MeshSecurityRequestOptions,
  MeshSecurityService,
} from './MeshSecurityService';
import { parseRef } from './parseRef';

const PLUGIN_ID = 'mesh-security';

/** @public */
export interface MeshSecurityClientOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** defaults to the global fetch */
  fetch?: typeof fetch;
}

/**
 * {@link MeshSecurityService} over the mesh-security backend's HTTP API, with a
 * plugin-to-plugin token. Use {@link meshSecurityServiceRef} in a backend;
 * construct this class directly in tests or scripts.
 *
 * @public
 */
export class MeshSecurityClient implements MeshSecurityService {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;
  readonly #fetch: typeof fetch | undefined;

  constructor(options: MeshSecurityClientOptions) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
    this.#fetch = options.fetch;
  }

  async getEntityPosture(
    entityRef: string,
    options?: MeshSecurityRequestOptions,
  ): Promise<EntityPosture | undefined> {
    const { kind, namespace, name } = parseRef(entityRef);
    return this.#get<EntityPosture>(
      ['entities', namespace, kind, name],
      `posture of ${entityRef}`,
      options,
    );
  }

  async getTeamScorecard(
    groupRef: string,
    options?: MeshSecurityRequestOptions,
  ): Promise<TeamScorecard | undefined> {
    const { kind, namespace, name } = parseRef(groupRef, { kind: 'group' });
    if (kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new InputError(`'${groupRef}' is not a group ref`);
    }
    return this.#get<TeamScorecard>(
      ['groups', namespace, name, 'scorecard'],
      `scorecard of ${groupRef}`,
      options,
    );
  }

  async getTeamHistory(
    groupRef: string,
    options?: MeshSecurityRequestOptions & { days?: number },
  ): Promise<PostureHistory | undefined> {
    const { kind, namespace, name } = parseRef(groupRef, { kind: 'group' });
    if (kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new InputError(`'${groupRef}' is not a group ref`);
    }
    const days = options?.days;
    return this.#get<PostureHistory>(
      ['groups', namespace, name, 'history'],
      `history of ${groupRef}`,
      options,
      days === undefined ? undefined : `days=${encodeURIComponent(days)}`,
    );
  }

  async #get<T>(
    segments: string[],
    what: string,
    options: MeshSecurityRequestOptions | undefined,
    query?: string,
  ): Promise<T | undefined> {
    const baseUrl = await this.#discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await this.#auth.getOwnServiceCredentials()),
      targetPluginId: PLUGIN_ID,
    });
    const path = segments.map(encodeURIComponent).join('/');
    // The global fetch is looked up per call, not at construction, so that
    // instrumentation (and msw in tests) installed later is honoured.
    const doFetch = this.#fetch ?? globalThis.fetch;
    const response = await doFetch(
      `${baseUrl}/${path}${query ? `?${query}` : ''}`,
      {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
        },
      },
    );
    if (response.status === 404) {
      // Drain the (small) body so the connection can be reused.
      await response.text();
      return undefined;
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // fromResponse only says "Request failed with 500 ..."; name the call and
      // the server's own reason so the log line is actionable.
      error.message = `mesh-security backend: reading the ${what} failed with ${
        response.status
      } ${response.statusText}${
        error.cause?.message && error.cause.message !== error.message
          ? `: ${error.cause.message}`
          : ''
      }`;
      throw error;
    }
    return (await response.json()) as T;
  }
}
