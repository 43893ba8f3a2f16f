/**
 * A cell a spreadsheet could take for a formula (it begins with = + - @, a tab or a carriage
 * return) is prefixed with a single quote, so opening an export never runs anything someone typed
 * (OWASP, "CSV injection"). Every other cell is unchanged.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvSafe(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}
