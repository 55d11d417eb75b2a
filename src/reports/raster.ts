/**
 * SVG → PNG with resvg (@resvg/resvg-js: a Rust rasteriser whose native binary ships inside its
 * npm package). Chinese text needs a CJK font on the machine (Debian fonts-noto-cjk).
 *
 * resvg spends about 35 ms of CPU on every text element with a CJK font (it shapes with the
 * font's large tables), so a chart costs up to a second. `svgToPng` renders on libuv's thread
 * pool (resvg's renderAsync), so a document's figures render side by side, and beside whatever
 * the main thread does meanwhile; the same SVG at the same width is rasterised once and kept (a
 * plan's charts are the same in its .docx and its .pdf).
 */
import { createHash } from 'node:crypto';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

const CACHE_ENTRIES = 32;
const cache = new Map<string, Promise<Uint8Array>>();

export function svgToPng(svg: string, widthPx: number): Promise<Uint8Array> {
  const key = `${widthPx}:${createHash('sha256').update(svg).digest('hex')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const options: ResvgRenderOptions = { fitTo: { mode: 'width', value: widthPx }, background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' } };
  const png = renderAsync(svg, options).then((r) => new Uint8Array(r.asPng()));
  cache.set(key, png);
  png.catch(() => cache.delete(key));
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return png;
}

/** Forgets every rasterised SVG (benchmarks measure cold renders). */
export function clearRasterCache(): void {
  cache.clear();
}
