import ExcelJS from 'exceljs';
import { cellText, detectFormat } from '../../../documents/spreadsheet.ts';

/**
 * The text of an uploaded stakeholder file, as it is searched for a person: every cell of every
 * worksheet of an Excel workbook (whose bytes are compressed, so searching them finds nothing), or
 * the file as text (a CSV, even one too broken to import). The content is stored as base64.
 */
export async function uploadText(base64: string): Promise<string> {
  const bytes = Buffer.from(base64, 'base64');
  if (detectFormat(bytes) !== 'xlsx') return decodeText(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer, which Node's typed Buffer no longer matches.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return decodeText(bytes);
  }
  const parts: string[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        parts.push(cellText(cell.value));
      });
    });
  }
  return parts.join('\n');
}

/** UTF-16 with its mark, else UTF-8 and Windows-1252 both (a search in either finds the name). */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return `${new TextDecoder('utf-8').decode(bytes)}\n${new TextDecoder('windows-1252').decode(bytes)}`;
}
