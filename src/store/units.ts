/**
 * Areas in the database: integers in units of 0.0001 m² ("e4"). Integer columns make SQL sums and
 * comparisons exact on SQLite (64-bit INTEGER) and PostgreSQL (BIGINT) alike, which decimal text
 * would not (SQLite compares text lexically and sums it as float). Official areas are printed to
 * at most 0.01 m² (parcels) or 0.01 公顷 (plans), so 0.0001 m² loses nothing; a finer value is
 * refused rather than rounded.
 */
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import { InputError } from './errors.js';

const SCALE = new Dec(10000);

/** Area → integer units; refuses NaN, infinities and values finer than 0.0001 m². */
export function areaToE4(area: Area, field: string): bigint {
  const m2 = area.squareMetres;
  if (!m2.isFinite()) throw new InputError(field, '面积不是有限数值', 'area is not a finite number');
  const scaled = m2.times(SCALE);
  if (!scaled.isInteger()) throw new InputError(field, `面积 ${m2.toFixed()} 平方米 精度超过 0.0001 平方米`, `area ${m2.toFixed()} m² is finer than 0.0001 m²`);
  return BigInt(scaled.toFixed(0));
}

/** Integer units → the m² decimal text `Area.toJSON` gives ("12.5", "-3", "0"), without a Decimal. */
export function e4ToM2Text(v: bigint): string {
  const digits = (v < 0n ? -v : v).toString().padStart(5, '0');
  const frac = digits.slice(-4).replace(/0+$/, '');
  const text = `${digits.slice(0, -4)}${frac ? `.${frac}` : ''}`;
  return v < 0n ? `-${text}` : text;
}

/** Integer units as read from either database (number, numeric string or bigint) → Area. */
export function e4ToArea(v: number | string | bigint): Area {
  // Placing the decimal point by hand is exact and much cheaper than a 60-digit division.
  const b = toBigInt(v);
  const digits = (b < 0n ? -b : b).toString().padStart(5, '0');
  return Area.fromSquareMetres(`${b < 0n ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`);
}

/** Integer units → bigint (PostgreSQL returns BIGINT and SUM() as strings). */
export function toBigInt(v: number | string | bigint | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  return typeof v === 'bigint' ? v : BigInt(v);
}

/**
 * A bigint as a value both drivers bind exactly: a number when it is a safe integer (SQLite
 * INTEGER), else a decimal string (PostgreSQL casts it; SQLite would store text, so beyond 2^53
 * we refuse — 9·10^11 m², larger than any jurisdiction).
 */
export function bindInt(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${v} is out of the safe range`);
  return n;
}
