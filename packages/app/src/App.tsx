import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Every other plugin package in this app's dependencies is discovered through
// `app.packages: all` in app-config.yaml (mesh-security, kubernetes, org, …).
export default createApp({
  features: [catalogPlugin, navModule],
});
