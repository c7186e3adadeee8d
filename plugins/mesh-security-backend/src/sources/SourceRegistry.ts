import type { MeshSecuritySourcesExtensionPoint } from '@mesh-security/plugin-mesh-security-node';
import type { ClusterObjectSource, MetricsSource } from './types';

/**
 * The sources of one backend: the built-in ones from config and those backend
 * modules add, through the same two calls. Closed once the plugin starts, so
 * that a late addition cannot silently miss every refresh.
 */
export class SourceRegistry implements MeshSecuritySourcesExtensionPoint {
  readonly #clusterSources: ClusterObjectSource[] = [];
  readonly #metricsSources: MetricsSource[] = [];
  #closed = false;

  addClusterSource(source: ClusterObjectSource): void {
    this.#refuseWhenClosed(source?.name);
    const name = String(source?.name ?? '');
    if (!name.trim() || typeof source.read !== 'function') {
      throw new Error(
        'mesh-security: a cluster source needs a non-empty name and a read() method',
      );
    }
    if (this.#clusterSources.some(s => s.name === name)) {
      throw new Error(
        `mesh-security: two cluster sources are named '${name}'; each source needs its own name`,
      );
    }
    this.#clusterSources.push(source);
  }

  addMetricsSource(source: MetricsSource): void {
    this.#refuseWhenClosed(source?.name);
    if (
      !String(source?.name ?? '').trim() ||
      typeof source.read !== 'function'
    ) {
      throw new Error(
        'mesh-security: a metrics source needs a non-empty name and a read() method',
      );
    }
    const present = this.#metricsSources[0];
    if (present) {
      throw new Error(
        `mesh-security: two metrics sources, '${present.name}' and '${source.name}'; a backend reads Istio metrics from one (remove meshSecurity.prometheus / meshSecurity.metrics from config, or the module)`,
      );
    }
    this.#metricsSources.push(source);
  }

  /** what the refresh reads; nothing can be added afterwards */
  close(): {
    clusterSources: ClusterObjectSource[];
    metricsSource?: MetricsSource;
  } {
    this.#closed = true;
    return {
      clusterSources: [...this.#clusterSources],
      metricsSource: this.#metricsSources[0],
    };
  }

  #refuseWhenClosed(name: string | undefined) {
    if (this.#closed) {
      throw new Error(
        `mesh-security: source '${name}' was added after the plugin started; add sources in a backend module's init`,
      );
    }
  }
}
