export * from './targets';
export * from './rank';
