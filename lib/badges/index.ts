export * from './targets';
export * from './rank';
export * from './strip-slot';
