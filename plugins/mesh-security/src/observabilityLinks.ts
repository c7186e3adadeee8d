import type { ConfigApi } from '@backstage/core-plugin-api';

/** Tools we can deep-link to, in the order they are shown. */
export const OBSERVABILITY_TOOLS = [
  { key: 'kiali', title: 'Kiali' },
  { key: 'grafana', title: 'Grafana' },
  { key: 'jaeger', title: 'Jaeger' },
] as const;

export interface ObservabilityLink {
  title: string;
  url: string;
}

export interface LinkPlaceholders {
  namespace: string;
  workload: string;
  cluster: string;
}

/**
 * Fills `meshSecurity.links.<tool>` templates such as
 * `https://kiali.example.com/kiali/console/namespaces/{namespace}/workloads/{workload}`.
 * Values are URL-encoded; tools without a template are left out. The keys
 * reach the browser only because this package's config.d.ts (its
 * `configSchema`) marks them `@visibility frontend`; see docs/configuration.md.
 */
export function observabilityLinks(
  config: ConfigApi,
  placeholders: LinkPlaceholders,
): ObservabilityLink[] {
  const links: ObservabilityLink[] = [];
  for (const tool of OBSERVABILITY_TOOLS) {
    const template = config
      .getOptionalString(`meshSecurity.links.${tool.key}`)
      ?.trim();
    if (template) {
      links.push({
        title: tool.title,
        url: fillTemplate(template, placeholders),
      });
    }
  }
  return links;
}

export function fillTemplate(
  template: string,
  placeholders: LinkPlaceholders,
): string {
  return template.replace(
    /\{(namespace|workload|cluster)\}/g,
    (_, name: keyof LinkPlaceholders) => encodeURIComponent(placeholders[name]),
  );
}
