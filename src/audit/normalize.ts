/**
 * Character-for-character normalisation: full-width forms (U+FF01–U+FF5E: digits, ％, （）, ，：；)
 * become their ASCII twins and the ideographic space a space. Every UTF-16 unit maps to exactly
 * one unit, so an offset in the normalised text is the same offset in the original.
 */
export function normalizeWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x00a0) out += ' ';
    else if (c === 0xfe6a) out += '%';
    else out += text[i];
  }
  return out;
}
