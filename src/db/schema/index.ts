export * from './access.ts';
export * from './estate.ts';
export * from './geography.ts';
export * from './stakeholders.ts';
