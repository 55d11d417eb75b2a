/**
 * Maps the column names county files use (宗地编号, 项目名称, 面积, 用途, 供地方式 …, or their
 * pinyin initials ZDBH, XMMC, MJ …) onto ParcelFields, and reports the columns left unmapped.
 * A column's unit is read from its name: 面积(公顷) or 面积公顷 → hectares, 面积(亩) → 亩,
 * 面积(平方公里) → km², bare 面积 → m² (cadastral convention). A unit in brackets that is none of
 * these leaves the column unmapped with a warning, never guessed. Every conversion is exact
 * (Decimal): 1 公顷 = 10 000 m², 1 km² = 1 000 000 m², 亩 rounded to 0.01 m² explicitly.
 *
 * A column whose name the file cut inside a character (GDAL cuts UTF-8 .dbf names at 10 bytes)
 * comes with the whole characters before the cut, and maps by its start: 宗地编 → 宗地编号,
 * 面积公 → 面积 in 公顷. Values that cannot be parsed stop the import with the record and field
 * named; labels that resolve to no code (an unknown 供地方式) leave the field unset.
 */
import { Area } from '../../domain/area.js';
import { findLandUseCode, landUseCodes } from '../../domain/classification/index.js';
import { dec } from '../../domain/decimal.js';
import type { ParcelFields } from '../../domain/parcel.js';
import { isSupplyMethodCode, resolveSupplyMethod, type SupplyMethodCode } from '../../domain/supply-method.js';
import { GeoFormatError } from './errors.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const SQUARE_METRES_PER_KM2 = dec(1_000_000);
export type ParcelFieldName = keyof ParcelFields;
export type AreaUnit = 'm2' | 'ha' | 'mu' | 'km2';

export interface ColumnMapping {
  readonly column: string;
  readonly field: ParcelFieldName;
  readonly unit?: AreaUnit;
}

export interface ColumnReport {
  readonly mapped: readonly ColumnMapping[];
  readonly unmapped: readonly string[];
  /** Columns whose name the file cut inside a character (read up to the last whole one). Only when there are some. */
  readonly cut?: readonly string[];
  /** What the user should know about the mapping (a cut name matched by its start, a unit not understood). Only when there are some. */
  readonly warnings?: readonly ColumnWarning[];
}

export interface ColumnWarning {
  readonly column: string;
  readonly zh: string;
  readonly en: string;
}

export interface MapColumnsOptions {
  /** Column names the file cut inside a character. */
  readonly cut?: ReadonlySet<string>;
  /** Columns renamed because their name repeated: new name → name in the file. */
  readonly renamed?: ReadonlyMap<string, string>;
}

/** Aliases per field, compared after removing spaces, brackets' contents and case. */
const ALIASES: readonly [ParcelFieldName, readonly string[]][] = [
  ['parcelNumber', ['宗地编号', '宗地号', '地块编号', '地块号', '宗地代码', 'zdbh', 'dkbh', 'zddm', 'parcelnumber']],
  ['supervisionNumber', ['电子监管号', '监管号', 'dzjgh', 'dzbabh', 'supervisionnumber']],
  ['projectName', ['项目名称', '建设项目名称', '地块名称', 'xmmc', 'jsxmmc', 'projectname']],
  ['location', ['坐落', '宗地坐落', '土地坐落', '项目位置', '位置', 'zl', 'tdzl', 'xmwz', 'location']],
  ['district', ['片区', '区块', '所属片区', 'district']],
  ['area', ['面积', '宗地面积', '用地面积', '供地面积', '出让面积', 'mj', 'zdmj', 'ydmj', 'gymj', 'area']],
  ['existingLandArea', ['存量面积', '现有建设用地面积', '土地来源面积']],
  ['useCode', ['用途', '土地用途', '规划用途', '用地类型', 'tdyt', 'yt', 'ghyt', 'usecode']],
  ['supplyMethod', ['供地方式', '供应方式', '出让方式', 'gyfs', 'gdfs', 'supplymethod']],
  ['termYears', ['使用年限', '出让年限', '土地使用年限', 'crnx', 'synx', 'termyears']],
  ['industryCode', ['行业分类', '行业代码', 'hyfl', 'industrycode']],
  ['landGrade', ['土地级别', '级别', 'tdjb', 'landgrade']],
  ['priceWanYuan', ['成交价格', '成交价', '出让价款', '成交价款', 'cjjg', 'je', 'price']],
  ['assignee', ['土地使用权人', '土地使用权', '使用权人', '受让人', '受让单位', '竞得人', 'srr', 'srdw', 'assignee']],
  ['farMin', ['容积率下限', '最小容积率', 'minrjl', 'rjlxx']],
  ['farMax', ['容积率上限', '最大容积率', '容积率', '约定容积率', 'maxrjl', 'rjlsx', 'rjl']],
  ['agreedDeliveryDate', ['约定交地时间', '交地时间', 'jdsj']],
  ['agreedStartDate', ['约定开工时间', '开工时间', 'dgsj', 'kgsj']],
  ['agreedCompletionDate', ['约定竣工时间', '竣工时间', 'jgsj']],
  ['actualStartDate', ['实际开工时间', 'sjkgsj']],
  ['actualCompletionDate', ['实际竣工时间', 'sjjgsj']],
  ['contractDate', ['合同签订日期', '签订日期', '合同日期', 'qdrq', 'htqdrq']],
  ['approvalUnit', ['批准单位', '批准机关', 'pzjg', 'pzdw']],
  ['approvalNumber', ['批准文号', 'pzwh']],
];

function normaliseColumn(name: string): string {
  return name
    .replace(/[（(【[].*?[)）】\]]/g, '')
    .replace(/[（(【[].*$/, '') // a bracket the cut left open
    .replace(/[\s_\-:：]/g, '')
    .toLowerCase();
}

/** How units are spelled in column names, compared after removing spaces and case. */
const UNIT_SPELLINGS: readonly [AreaUnit, readonly string[]][] = [
  ['ha', ['公顷', 'hm2', 'hm²', 'ha', '万平方米']],
  ['km2', ['平方公里', '平方千米', 'km2', 'km²', '㎢']],
  ['mu', ['亩', 'mu']],
  ['m2', ['平方米', '平米', 'm2', 'm²', '㎡', 'sqm']],
];

/** The unit a spelling names; with `prefix`, the one unit a cut spelling can only be the start of. */
function unitFromSpelling(text: string, prefix: boolean): AreaUnit | undefined {
  const t = text.replace(/\s/g, '').toLowerCase();
  if (t === '') return undefined;
  const exact = UNIT_SPELLINGS.find(([, names]) => names.includes(t));
  if (exact || !prefix) return exact?.[0];
  const starts = new Set(UNIT_SPELLINGS.filter(([, names]) => names.some((n) => n.startsWith(t))).map(([u]) => u));
  return starts.size === 1 ? [...starts][0] : undefined;
}

/**
 * The unit of an area column: from its brackets when it has them ("unknown" when they hold no
 * unit we know, or a cut left too little to tell), else from a unit word in the name, else m².
 */
function unitOf(name: string, cut: boolean): AreaUnit | 'unknown' {
  const bracket = /[（(【[]([^)）】\]]*)([)）】\]])?/.exec(name);
  if (bracket) return unitFromSpelling(bracket[1]!, bracket[2] === undefined) ?? 'unknown';
  const n = name.replace(/\s/g, '').toLowerCase();
  if (/平方公里|平方千米|km2|km²|㎢/.test(n)) return 'km2';
  if (/公顷|hm2|hm²|万平方米|(^|[^a-z])ha$/.test(n)) return 'ha';
  if (/亩/.test(n)) return 'mu';
  return 'm2';
}

const AREA_FIELDS: ReadonlySet<ParcelFieldName> = new Set(['area', 'existingLandArea']);

/** A field whose alias the (cut) name is, or starts, or is followed by a unit word: 面积公顷, MJ_HA. */
function matchField(n: string, cut: boolean, taken: ReadonlySet<ParcelFieldName>): { field: ParcelFieldName; unit?: AreaUnit; byStart: boolean } | undefined {
  const open = ALIASES.filter(([field]) => !taken.has(field));
  const exact = open.find(([, names]) => names.includes(n));
  if (exact) return { field: exact[0], byStart: false };
  for (const [field, names] of open) {
    if (!AREA_FIELDS.has(field)) continue;
    for (const alias of names) {
      if (!n.startsWith(alias) || n.length === alias.length) continue;
      const unit = unitFromSpelling(n.slice(alias.length), cut);
      if (unit) return { field, unit, byStart: false };
    }
  }
  if (!cut || [...n].length < 2) return undefined;
  const fields = new Set(open.filter(([, names]) => names.some((a) => a.startsWith(n))).map(([f]) => f));
  return fields.size === 1 ? { field: [...fields][0]!, byStart: true } : undefined;
}

/** Maps each column at most once and each field at most once (first column wins). */
export function mapColumns(columns: readonly string[], opts: MapColumnsOptions = {}): ColumnReport {
  const mapped: ColumnMapping[] = [];
  const unmapped: string[] = [];
  const warnings: ColumnWarning[] = [];
  const taken = new Set<ParcelFieldName>();
  for (const column of columns) {
    const cut = opts.cut?.has(column) ?? false;
    const original = opts.renamed?.get(column);
    if (original !== undefined) {
      warnings.push({ column, zh: `字段名「${original}」重复，此列改名为「${column}」`, en: `field name "${original}" repeats; this column was renamed "${column}"` });
    }
    const hit = matchField(normaliseColumn(column), cut, taken);
    if (!hit) {
      unmapped.push(column);
      if (cut) warnings.push({ column, zh: `字段名「${column}」被截断，无法确定对应哪一项，保留为属性`, en: `field name "${column}" was cut and matches no single field; kept as an attribute` });
      continue;
    }
    if (AREA_FIELDS.has(hit.field)) {
      const unit = hit.unit ?? unitOf(column, cut);
      if (unit === 'unknown') {
        unmapped.push(column);
        warnings.push({
          column,
          zh: `面积列「${column}」的单位${cut ? '因字段名被截断而' : ''}无法识别（应为 平方米、公顷、亩 或 平方公里），未作为面积导入，保留为属性`,
          en: `the unit of area column "${column}" ${cut ? 'was lost when its name was cut' : 'is not understood'} (expected 平方米, 公顷, 亩 or 平方公里); not read as an area, kept as an attribute`,
        });
        continue;
      }
      taken.add(hit.field);
      mapped.push({ column, field: hit.field, unit });
    } else {
      taken.add(hit.field);
      mapped.push({ column, field: hit.field });
    }
    if (hit.byStart) warnings.push({ column, zh: `字段名「${column}」被截断，按开头识别为 ${hit.field}`, en: `field name "${column}" was cut; matched to ${hit.field} by its start` });
  }
  const cut = columns.filter((c) => opts.cut?.has(c));
  return { mapped, unmapped, ...(cut.length > 0 ? { cut } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}

/** "2026-03-31", "2026/3/31", "2026年3月31日", "20260331", or a Date → ISO date. */
export function parseIsoDate(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const s = String(v).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

function resolveUseCode(label: string): string | undefined {
  const s = label.trim();
  if (/^[0-9A-Z]{2,6}$/.test(s) && (findLandUseCode('gbt21010', s) || findLandUseCode('lu2023', s))) return s;
  const byName = landUseCodes('gbt21010').find((c) => c.name === s) ?? landUseCodes('lu2023').find((c) => c.name === s);
  return byName?.code;
}

function parseNumberText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  const s = String(v).trim().replace(/,/g, '');
  return /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) ? s : undefined;
}

export interface FieldContext {
  readonly file: string;
  readonly record: number;
}

/** Applies the mapping to one record's attributes. */
export function mapFields(attributes: Readonly<Record<string, unknown>>, report: ColumnReport, ctx: FieldContext): ParcelFields {
  const out: Writable<ParcelFields> = {};
  for (const m of report.mapped) {
    const raw = attributes[m.column];
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
    const bad = (what: string, whatEn: string): never => {
      throw new GeoFormatError(ctx.file, `值 "${String(raw)}" 不是${what}`, `value "${String(raw)}" is not ${whatEn}`, ctx.record, m.column);
    };
    switch (m.field) {
      case 'area':
      case 'existingLandArea': {
        const t = parseNumberText(raw) ?? bad('数字', 'a number');
        const a =
          m.unit === 'ha' ? Area.fromHectares(t)
          : m.unit === 'mu' ? Area.fromMu(t, { stepSquareMetres: '0.01' })
          : m.unit === 'km2' ? Area.fromSquareMetres(dec(t).times(SQUARE_METRES_PER_KM2))
          : Area.fromSquareMetres(t);
        out[m.field] = a;
        break;
      }
      case 'termYears': {
        const t = parseNumberText(raw) ?? bad('年数', 'a number of years');
        out.termYears = Number(t);
        break;
      }
      case 'priceWanYuan':
      case 'farMin':
      case 'farMax': {
        const s = String(raw).trim();
        // "1.0-2.5" in one 容积率 column: lower and upper bound.
        const range = /^([\d.]+)\s*[-~～至]\s*([\d.]+)$/.exec(s);
        if (range && m.field === 'farMax') {
          out.farMin = dec(range[1]!);
          out.farMax = dec(range[2]!);
          break;
        }
        const t = parseNumberText(s.replace(/^[≤<=]+/, '')) ?? bad('数字', 'a number');
        out[m.field] = dec(t);
        break;
      }
      case 'supplyMethod': {
        const s = String(raw).trim();
        const code = isSupplyMethodCode(s) ? s : resolveSupplyMethod(s)?.code;
        if (code) out.supplyMethod = code as SupplyMethodCode;
        break;
      }
      case 'useCode': {
        const code = resolveUseCode(String(raw));
        if (code) out.useCode = code;
        break;
      }
      case 'agreedDeliveryDate':
      case 'agreedStartDate':
      case 'agreedCompletionDate':
      case 'actualStartDate':
      case 'actualCompletionDate':
      case 'contractDate':
        out[m.field] = parseIsoDate(raw) ?? bad('日期', 'a date');
        break;
      default:
        out[m.field] = String(raw).trim();
    }
  }
  return out;
}
