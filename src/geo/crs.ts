/**
 * Coordinate reference systems a county bureau's files come in, and how we recognise them
 * (DOMAIN §8). Internally everything is CGCS2000 longitude/latitude (EPSG:4490).
 *
 * - EPSG:4490 CGCS2000 geographic, EPSG:4326 WGS84 (treated as CGCS2000: they differ at cm level),
 *   EPSG:3857 Web Mercator (display only).
 * - Gauss-Krüger on CGCS2000 as `+proj=tmerc` (proj4js does not know WKT "Gauss_Kruger",
 *   proj4js issue 328): 3° zones 25–45 with zone prefix EPSG:4513–4533, without 4534–4554;
 *   6° zones 13–23 with prefix EPSG:4491–4501, without 4502–4512.
 *
 * Example: 巴楚县 (78.5°E) is in 3° zone 26 → EPSG:4514, `+lon_0=78 +x_0=26500000`.
 */
import proj4 from 'proj4';

/** A resolved CRS: its EPSG code (when it has one), a proj4 definition, and a label for humans. */
export interface Crs {
  readonly epsg: number | null;
  readonly proj4: string;
  readonly name: string;
  readonly geographic: boolean;
}

/** How the CRS of a file was decided, reported back to the user. */
export type CrsSource = 'explicit' | 'prj' | 'coordinates' | 'format';

export interface CrsDecision {
  readonly crs: Crs;
  readonly source: CrsSource;
  /** Human-readable reason, e.g. "PROJCS CGCS2000_3_Degree_GK_Zone_26". */
  readonly detail: string;
}

/** CGCS2000 ellipsoid (DOMAIN §8): a = 6 378 137 m, f = 1/298.257222101. */
export const CGCS2000_A = 6378137;
export const CGCS2000_RF = 298.257222101;
export const CGCS2000_F = 1 / CGCS2000_RF;

const ELLPS = `+a=${CGCS2000_A} +rf=${CGCS2000_RF}`;

export const CGCS2000: Crs = {
  epsg: 4490,
  proj4: `+proj=longlat ${ELLPS} +no_defs`,
  name: 'CGCS2000 (EPSG:4490)',
  geographic: true,
};
const WGS84: Crs = { epsg: 4326, proj4: '+proj=longlat +datum=WGS84 +no_defs', name: 'WGS 84 (EPSG:4326)', geographic: true };
const WEB_MERCATOR: Crs = {
  epsg: 3857,
  proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
  name: 'Web Mercator (EPSG:3857)',
  geographic: false,
};

/** An error the caller turns into a user message; `detail` is bilingual. */
export class CrsError extends Error {
  constructor(readonly zh: string, readonly en: string) {
    super(`${zh} / ${en}`);
    this.name = 'CrsError';
  }
}

export interface GaussKrugerZone {
  /** 3 or 6 (degree width). */
  readonly width: 3 | 6;
  /** Zone number: 25–45 for 3°, 13–23 for 6°. */
  readonly zone: number;
  /** Central meridian, degrees east. */
  readonly centralMeridian: number;
  /** Whether the false easting carries the zone number (n × 1 000 000 + 500 000). */
  readonly prefixed: boolean;
}

function tmerc(cm: number, falseEasting: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 ${ELLPS} +units=m +no_defs`;
}

export function gaussKrugerCrs(z: GaussKrugerZone): Crs {
  const fe = z.prefixed ? z.zone * 1_000_000 + 500_000 : 500_000;
  const epsg = gaussKrugerEpsg(z);
  const label = `CGCS2000 ${z.width}° GK ${z.prefixed ? `zone ${z.zone}` : `CM ${z.centralMeridian}E`}`;
  return { epsg, proj4: tmerc(z.centralMeridian, fe), name: `${label} (EPSG:${epsg})`, geographic: false };
}

function gaussKrugerEpsg(z: GaussKrugerZone): number {
  if (z.width === 3) return (z.prefixed ? 4513 : 4534) + (z.zone - 25);
  return (z.prefixed ? 4491 : 4502) + (z.zone - 13);
}

/** The GK zone of an EPSG code in 4491–4554, or undefined. */
export function gaussKrugerZoneOfEpsg(epsg: number): GaussKrugerZone | undefined {
  if (epsg >= 4491 && epsg <= 4512) {
    const prefixed = epsg <= 4501;
    const zone = epsg - (prefixed ? 4491 : 4502) + 13;
    return { width: 6, zone, centralMeridian: zone * 6 - 3, prefixed };
  }
  if (epsg >= 4513 && epsg <= 4554) {
    const prefixed = epsg <= 4533;
    const zone = epsg - (prefixed ? 4513 : 4534) + 25;
    return { width: 3, zone, centralMeridian: zone * 3, prefixed };
  }
  return undefined;
}

/** The 3° zone a longitude falls in (DOMAIN §8: n = round(λ/3)). */
export function threeDegreeZoneOf(lon: number): number {
  return Math.round(lon / 3);
}

export function crsFromEpsg(epsg: number): Crs {
  if (epsg === 4490) return CGCS2000;
  if (epsg === 4326) return WGS84;
  if (epsg === 3857 || epsg === 900913) return WEB_MERCATOR;
  const z = gaussKrugerZoneOfEpsg(epsg);
  if (z) return gaussKrugerCrs(z);
  throw new CrsError(`不支持的坐标系 EPSG:${epsg}`, `unsupported CRS EPSG:${epsg}`);
}

/** Parses `--crs` values: "EPSG:4514", "4514", "epsg:4490". */
export function parseCrsOption(text: string): Crs {
  const m = /^\s*(?:epsg:)?(\d{4,6})\s*$/i.exec(text);
  if (!m) throw new CrsError(`无法识别的坐标系参数 "${text}"（应为 EPSG:4490、EPSG:4514 等）`, `unrecognised --crs "${text}" (expected EPSG:4490, EPSG:4514, …)`);
  return crsFromEpsg(Number(m[1]));
}

/** Reads one numeric PARAMETER["name", value] from WKT, names compared loosely. */
function wktParameter(wkt: string, names: readonly string[]): number | undefined {
  const re = /PARAMETER\s*\[\s*"([^"]+)"\s*,\s*([-+0-9.eE]+)\s*\]/g;
  for (let m = re.exec(wkt); m; m = re.exec(wkt)) {
    const key = (m[1] ?? '').toLowerCase().replace(/[\s_]/g, '');
    if (names.includes(key)) return Number(m[2]);
  }
  return undefined;
}

const CGCS2000_DATUM = /CGCS[_ ]?2000|China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000|China[_ ]2000/i;

/**
 * Decides the CRS from a .prj (ESRI or OGC WKT). Handles ESRI's "Gauss_Kruger" projection and
 * zone names such as CGCS2000_3_Degree_GK_Zone_26 / CGCS2000_3_Degree_GK_CM_78E by reading the
 * central meridian and false easting, which is what actually defines the zone.
 */
export function crsFromPrj(wkt: string): CrsDecision {
  const text = wkt.trim();
  const head = /^(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  if (!head) throw new CrsError(`.prj 内容无法识别："${text.slice(0, 60)}"`, `.prj is not WKT: "${text.slice(0, 60)}"`);
  const kind = (head[1] ?? '').toUpperCase();
  const name = head[2] ?? '';
  const detail = `${kind} ${name}`;
  if (kind.startsWith('GEO')) {
    if (CGCS2000_DATUM.test(text)) return { crs: CGCS2000, source: 'prj', detail };
    if (/WGS[_ ]?(19)?84/i.test(text)) return { crs: WGS84, source: 'prj', detail };
    throw unsupportedDatum(detail);
  }
  if (/Web_Mercator|Pseudo[_ -]Mercator|Popular Visualisation|Mercator_Auxiliary_Sphere/i.test(text)) {
    return { crs: WEB_MERCATOR, source: 'prj', detail };
  }
  if (!CGCS2000_DATUM.test(text)) throw unsupportedDatum(detail);
  if (!/Gauss_Kruger|Transverse_Mercator|Gauss-Kruger/i.test(text)) {
    throw new CrsError(`不支持的投影：${detail}`, `unsupported projection: ${detail}`);
  }
  const cm = wktParameter(text, ['centralmeridian', 'longitudeofnaturalorigin', 'longitudeoforigin']);
  const fe = wktParameter(text, ['falseeasting']);
  const k = wktParameter(text, ['scalefactor', 'scalefactoratnaturalorigin']) ?? 1;
  const lat0 = wktParameter(text, ['latitudeoforigin', 'latitudeofnaturalorigin']) ?? 0;
  if (cm === undefined || fe === undefined) {
    throw new CrsError(`.prj 缺少中央经线或东偏移：${detail}`, `.prj lacks central meridian or false easting: ${detail}`);
  }
  if (k !== 1 || lat0 !== 0) {
    return { crs: { epsg: null, proj4: tmercGeneral(cm, fe, k, lat0), name: detail, geographic: false }, source: 'prj', detail };
  }
  const zone = zoneFromParameters(cm, fe);
  if (zone) return { crs: gaussKrugerCrs(zone), source: 'prj', detail };
  return { crs: { epsg: null, proj4: tmerc(cm, fe), name: detail, geographic: false }, source: 'prj', detail };
}

function tmercGeneral(cm: number, fe: number, k: number, lat0: number): string {
  return `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=0 ${ELLPS} +units=m +no_defs`;
}

function zoneFromParameters(cm: number, fe: number): GaussKrugerZone | undefined {
  const prefixed = fe !== 500_000;
  if (cm % 3 === 0 && cm >= 75 && cm <= 135) {
    const zone = cm / 3;
    if (!prefixed || fe === zone * 1_000_000 + 500_000) return { width: 3, zone, centralMeridian: cm, prefixed };
  }
  if ((cm + 3) % 6 === 0 && cm >= 75 && cm <= 135) {
    const zone = (cm + 3) / 6;
    if (!prefixed || fe === zone * 1_000_000 + 500_000) return { width: 6, zone, centralMeridian: cm, prefixed };
  }
  return undefined;
}

function unsupportedDatum(detail: string): CrsError {
  return new CrsError(
    `坐标系不是 CGCS2000 或 WGS84（${detail}）；西安80/北京54 需先用七参数转换`,
    `CRS is neither CGCS2000 nor WGS84 (${detail}); Xian 1980 / Beijing 1954 need a 7-parameter transformation first`,
  );
}

/** Bounding box of raw file coordinates: [minX, minY, maxX, maxY]. */
export type Bbox = readonly [number, number, number, number];

/** China's extent with a margin, for telling degrees from metres. */
const CHINA_LON: readonly [number, number] = [72, 136];
const CHINA_LAT: readonly [number, number] = [3, 54];
/** GK northings for latitudes 3°–54°. */
const NORTHING: readonly [number, number] = [300_000, 6_000_000];

/**
 * Decides the CRS from coordinate magnitudes when a file carries no .prj:
 * - all within China in degrees → CGCS2000 geographic;
 * - eastings with a zone prefix (13–23 → 6°, 25–45 → 3°) → that zone;
 * - eastings of 0–1 000 000 without prefix → ambiguous (which central meridian?): an error
 *   asking for --crs;
 * - anything else → fits no CRS: an error.
 */
export function crsFromCoordinates(bbox: Bbox): CrsDecision {
  const [minX, minY, maxX, maxY] = bbox;
  const shown = `[${bbox.map((v) => +v.toFixed(3)).join(', ')}]`;
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) {
    throw new CrsError(`坐标范围含非数值 ${shown}`, `coordinate extent is not finite ${shown}`);
  }
  if (minX >= CHINA_LON[0] && maxX <= CHINA_LON[1] && minY >= CHINA_LAT[0] && maxY <= CHINA_LAT[1]) {
    return { crs: CGCS2000, source: 'coordinates', detail: `degrees within China ${shown}` };
  }
  if (minY >= NORTHING[0] && maxY <= NORTHING[1]) {
    const zMin = Math.floor(minX / 1_000_000);
    const zMax = Math.floor(maxX / 1_000_000);
    if (zMin === zMax && zMin > 0) {
      const zone = zMin;
      const within = minX - zone * 1_000_000 >= 0 && maxX - zone * 1_000_000 <= 1_000_000;
      if (within && zone >= 25 && zone <= 45) {
        return { crs: gaussKrugerCrs({ width: 3, zone, centralMeridian: zone * 3, prefixed: true }), source: 'coordinates', detail: `3° zone prefix ${zone} in eastings ${shown}` };
      }
      if (within && zone >= 13 && zone <= 23) {
        return { crs: gaussKrugerCrs({ width: 6, zone, centralMeridian: zone * 6 - 3, prefixed: true }), source: 'coordinates', detail: `6° zone prefix ${zone} in eastings ${shown}` };
      }
    }
    if (minX >= 0 && maxX <= 1_000_000) {
      throw new CrsError(
        `坐标为高斯-克吕格投影但没有带号 ${shown}，无法判断中央经线；请用 --crs 指定（如 EPSG:4535 为 3° 78°E）`,
        `Gauss-Krüger coordinates without a zone prefix ${shown}: the central meridian is ambiguous; pass --crs (e.g. EPSG:4535 for 3° CM 78°E)`,
      );
    }
  }
  if (minX >= NORTHING[0] && maxX <= NORTHING[1] && minY > 1_000_000) {
    throw new CrsError(`坐标 X/Y 似乎颠倒（北坐标在前）${shown}`, `X and Y look swapped (northing first) ${shown}`);
  }
  throw new CrsError(`坐标范围 ${shown} 不符合任何支持的坐标系`, `coordinate extent ${shown} fits no supported CRS`);
}

/** A function turning file coordinates into CGCS2000 [lon, lat]. */
export type ToLonLat = (x: number, y: number) => [number, number];

export function toLonLatFn(crs: Crs): ToLonLat {
  if (crs.geographic) return (x, y) => [x, y];
  const conv = proj4(crs.proj4, CGCS2000.proj4);
  return (x, y) => conv.forward([x, y]) as [number, number];
}

/** A function turning CGCS2000 [lon, lat] into the given CRS. */
export function fromLonLatFn(crs: Crs): ToLonLat {
  if (crs.geographic) return (x, y) => [x, y];
  const conv = proj4(CGCS2000.proj4, crs.proj4);
  return (x, y) => conv.forward([x, y]) as [number, number];
}

/** ESRI WKT for writing a .prj next to a shapefile we write (always CGCS2000 geographic). */
export const CGCS2000_PRJ =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** ESRI WKT of a 3° GK zone with prefix, as ArcGIS writes it (used by tests and fixtures). */
export function gaussKrugerPrj(z: GaussKrugerZone): string {
  const fe = z.prefixed ? z.zone * 1_000_000 + 500_000 : 500_000;
  const name = z.prefixed ? `CGCS2000_${z.width}_Degree_GK_Zone_${z.zone}` : `CGCS2000_${z.width}_Degree_GK_CM_${z.centralMeridian}E`;
  return (
    `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],` +
    `PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}.0],` +
    `PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${z.centralMeridian}.0],PARAMETER["Scale_Factor",1.0],` +
    `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}
