/** Title, region and year of a plan text, when it names them. */
import type { AuditDocument } from '../types.js';

const TITLE = /((?:[\u4e00-\u9fa5]{1,12}?)(?:省|自治区|市|地区|自治州|州|盟|县|自治县|旗|区|新区))?\s*((?:19|20)\d{2})\s*年度?\s*(?:国有)?建设用地(?:供应|供地)计划/;

export function documentInfo(text: string): AuditDocument {
  const m = TITLE.exec(text);
  if (!m) {
    const year = /((?:19|20)\d{2})\s*年度?[^。\n]{0,30}?供应/.exec(text);
    return { title: null, region: null, year: year ? Number(year[1]) : null };
  }
  const region = m[1] ? trimRegion(m[1]) : null;
  const lineEnd = text.indexOf('\n', m.index);
  let title = m[0].trim();
  const after = text.slice(m.index + m[0].length, lineEnd < 0 ? undefined : lineEnd).match(/^\s*[（(]征求意见稿[)）]/);
  if (after) title += after[0].trim();
  return { title, region, year: Number(m[2]) };
}

/** "关于印发某某市" → "某某市": drop leading verbs and particles that precede a place name. */
function trimRegion(r: string): string {
  const cut = r.replace(/^.*?(关于印发|关于|印发|发布|公布|的|了|从|在|据|对)/, '');
  return cut || r;
}
