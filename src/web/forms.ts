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
