import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

/**
 * The stylesheet is compiled from app.scss when the app starts (there is no build step). The result
 * is cached on disk, keyed by the source and the design-system versions, so later starts and test
 * workers read it instead of compiling again.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = fileURLToPath(new URL('./app.scss', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'nonsuch');

export type Stylesheet = Readonly<{ css: string; hash: string }>;

let compiled: Stylesheet | undefined;

function sourceKey(): string {
  const versions = ['govuk-frontend', '@ministryofjustice/frontend', 'sass'].map(
    (name) =>
      (
        JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version,
  );
  return createHash('sha256')
    .update(readFileSync(entry))
    .update(versions.join('|'))
    .digest('hex')
    .slice(0, 16);
}

export function stylesheet(): Stylesheet {
  if (compiled) return compiled;
  const key = sourceKey();
  const cached = join(cacheDir, `app-${key}.css`);
  let css: string;
  try {
    css = readFileSync(cached, 'utf8');
  } catch {
    css = sass.compile(entry, {
      loadPaths: [root],
      style: 'compressed',
      quietDeps: true,
      // The design systems' own deprecation notices are theirs to act on, not ours.
      logger: sass.Logger.silent,
    }).css;
    // The cache only saves time: on a read-only filesystem the app starts without it.
    try {
      mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, css);
      renameSync(temporary, cached);
    } catch {
      // compiled again at the next start
    }
  }
  compiled = { css, hash: createHash('sha256').update(css).digest('hex').slice(0, 12) };
  return compiled;
}
