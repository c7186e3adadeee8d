/*
 * The demo portal's backend. Its default Mesh Security data source is the
 * embedded demo mesh (examples/mesh); point `meshSecurity` at real clusters
 * (through the kubernetes plugin's configuration) and Prometheus to go live.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the demo
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog, with mesh posture tags (mtls:strict, mesh:none, …)
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@mesh-security/plugin-catalog-backend-module-mesh-security'),
);

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// kubernetes: the clusters Mesh Security reads in production
backend.add(import('@backstage/plugin-kubernetes-backend'));

// mesh security
backend.add(import('@mesh-security/plugin-mesh-security-backend'));

// notifications: mesh posture regressions reach the owning team in the portal
backend.add(import('@backstage/plugin-notifications-backend'));

// scaffolder: the mTLS tab's pull requests (STRICT mTLS, access requests);
// the demo runs them as dry runs, see docs/scaffolder.md
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@mesh-security/plugin-scaffolder-backend-module-mesh-security'),
);

// tech insights scorecards with the mesh facts and json-rules-engine checks
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@mesh-security/plugin-tech-insights-backend-module-mesh-security'),
);

backend.start();
