export * from './build';
export * from './scenarioPostures';
export * from './largePostures';
export * from './entities';
export * from './fakeMeshSecurityApi';
