import { isDomainError } from './domain/shared/errors.ts';

/**
 * What to tell a person when a command or start-up fails. Expected failures get one clear
 * sentence; only the unexpected print a stack.
 */
export function describeFailure(error: unknown): string {
  if (isDomainError(error)) {
    const fields = Object.entries(error.details.fields ?? {}).map(([k, v]) => `\n  ${k}: ${v}`);
    return `${error.message}${fields.join('')}`;
  }
  if (!(error instanceof Error)) return String(error);
  if (['ConfigError', 'DataDirLockedError'].includes(error.name)) return error.message;
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return `Port ${port ?? ''} is already in use by another program. Stop it, or choose another port with PORT.`;
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return `Cannot reach the database server${address ? ` at ${address}${port ? `:${port}` : ''}` : ''} (${code}). Check DATABASE_URL and that PostgreSQL is running.`;
  }
  if (code === '3D000' || code === '28P01' || code === '28000') {
    return `PostgreSQL refused the connection: ${error.message}. Check DATABASE_URL.`;
  }
  return error.stack ?? error.message;
}
