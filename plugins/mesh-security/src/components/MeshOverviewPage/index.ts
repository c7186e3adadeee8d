export { MeshOverviewPage, MeshOverviewPageContent } from './MeshOverviewPage';
export { MeshOverview, MeshOverviewSections } from './MeshOverview';
