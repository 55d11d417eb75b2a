import { Resvg } from '@resvg/resvg-js';
const mk = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${n * 20 + 20}">` + Array.from({ length: n }, (_, i) => `<text x="10" y="${20 + i * 20}" font-family="Noto Sans CJK SC" font-size="14">住宅用地${i}</text>`).join('') + '</svg>';
new Resvg(mk(40), { font: { loadSystemFonts: false, fontFiles: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'], defaultFontFamily: 'Noto Sans CJK SC' } }).render();
