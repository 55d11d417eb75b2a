/**
 * SVG → PNG with resvg (@resvg/resvg-js: a Rust rasteriser whose native binary ships inside its
 * npm package). Chinese text needs a CJK font on the machine (Debian fonts-noto-cjk).
 *
 * resvg spends about 25 ms of CPU on every text element with a CJK font (it reads the font's
 * tables per element), so a chart costs up to a second; the same SVG at the same width is
 * rasterised once and kept (a plan's charts are the same in its .docx and its .pdf).
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';

const CACHE_ENTRIES = 32;
const cache = new Map<string, Uint8Array>();

export function svgToPng(svg: string, widthPx: number): Uint8Array {
  const key = `${widthPx}:${createHash('sha256').update(svg).digest('hex')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: widthPx }, background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' } });
  const png = new Uint8Array(r.render().asPng());
  cache.set(key, png);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return png;
}

/** Forgets every rasterised SVG (benchmarks measure cold renders). */
export function clearRasterCache(): void {
  cache.clear();
}
