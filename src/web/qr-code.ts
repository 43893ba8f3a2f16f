import QRCode from 'qrcode';

/**
 * A QR code as inline SVG, drawn on the server: it needs no script and no image request, and the
 * page's Content-Security-Policy allows it. The SVG is announced as one image with `label`.
 */
export async function qrCodeSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, width: 200, errorCorrectionLevel: 'M' });
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" focusable="false" `);
}

/** A base32 secret in groups of four, easier to read aloud or type: `ABCD EFGH …`. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');
