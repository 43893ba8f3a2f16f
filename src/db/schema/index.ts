export * from './access.ts';
export * from './estate.ts';
export * from './geography.ts';
