/**
 * SVG → PNG with resvg (@resvg/resvg-js: a Rust rasteriser whose native binary ships inside its
 * npm package). Chinese text needs a CJK font on the machine (Debian fonts-noto-cjk).
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string, widthPx: number): Uint8Array {
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: widthPx }, background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' } });
  return new Uint8Array(r.render().asPng());
}
