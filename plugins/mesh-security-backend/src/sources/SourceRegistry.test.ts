import { SourceRegistry } from './SourceRegistry';
import type { MetricsSource } from './types';

const clusterSource = (name: string) => ({ name, read: async () => [] });
const metricsSource = (name: string): MetricsSource => ({
  name,
  read: async () => ({
    metrics: {},
    status: { name, kind: 'custom', state: 'ok' },
  }),
});

describe('SourceRegistry', () => {
  it('hands the refresh every cluster source and the one metrics source', () => {
    const registry = new SourceRegistry();
    registry.addClusterSource(clusterSource('kubernetes'));
    registry.addClusterSource(clusterSource('inventory'));
    registry.addMetricsSource(metricsSource('thanos'));
    const sources = registry.close();
    expect(sources.clusterSources.map(s => s.name)).toEqual([
      'kubernetes',
      'inventory',
    ]);
    expect(sources.metricsSource?.name).toBe('thanos');
  });

  it('refuses a second metrics source, naming both', () => {
    const registry = new SourceRegistry();
    registry.addMetricsSource(metricsSource('prometheus'));
    expect(() => registry.addMetricsSource(metricsSource('thanos'))).toThrow(
      "two metrics sources, 'prometheus' and 'thanos'",
    );
  });

  it('refuses a nameless source and one added after the plugin started', () => {
    const registry = new SourceRegistry();
    expect(() => registry.addClusterSource(clusterSource(' '))).toThrow(
      'needs a non-empty name',
    );
    registry.close();
    expect(() => registry.addClusterSource(clusterSource('late'))).toThrow(
      "source 'late' was added after the plugin started",
    );
  });
});
