import { z } from 'zod';

/**
 * One text field of a posted form. A field sent twice (email=a&email=b) takes its first value and a
 * missing one is empty, so odd input gets the form's own messages rather than an error page.
 */
export const formText = z
  .preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string())
  .catch('')
  // A browser always sends well-formed text; a JSON body may carry half a UTF-16 pair, which
  // PostgreSQL refuses in jsonb: it becomes U+FFFD, as a browser would have sent it.
  .transform((s) => s.toWellFormed());

/** Field errors in the shape the GOV.UK error summary takes, in the order the form shows them. */
export function errorList(
  fields: Readonly<Record<string, string>>,
  order: Readonly<Record<string, string>>,
): { text: string; href: string }[] {
  const known = Object.keys(order).filter((k) => fields[k]);
  const other = Object.keys(fields).filter((k) => !(k in order));
  return [
    ...known.map((k) => ({ text: fields[k] as string, href: `#${order[k]}` })),
    ...other.map((k) => ({ text: fields[k] as string, href: '#main-content' })),
  ];
}
