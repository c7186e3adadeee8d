import { createRouteRef } from '@backstage/core-plugin-api';

/** The mesh overview page (coverage, findings, team scorecards). */
export const rootRouteRef = createRouteRef({ id: 'mesh-security' });
