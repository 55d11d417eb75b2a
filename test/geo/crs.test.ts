import { describe, expect, it } from 'vitest';
import {
  crsFromCoordinates,
  crsFromEpsg,
  crsFromPrj,
  CrsError,
  fromLonLatFn,
  gaussKrugerPrj,
  gaussKrugerZoneOfEpsg,
  parseCrsOption,
  toLonLatFn,
} from '../../src/geo/crs.js';

type Position2 = [number, number];

describe('Gauss-Krüger zones', () => {
  it('maps EPSG codes to zones: 4514 is 3° zone 26 (CM 78°E) with prefix, 4535 the same without', () => {
    expect(gaussKrugerZoneOfEpsg(4514)).toEqual({ width: 3, zone: 26, centralMeridian: 78, prefixed: true });
    expect(gaussKrugerZoneOfEpsg(4535)).toEqual({ width: 3, zone: 26, centralMeridian: 78, prefixed: false });
    expect(gaussKrugerZoneOfEpsg(4491)).toEqual({ width: 6, zone: 13, centralMeridian: 75, prefixed: true });
    expect(gaussKrugerZoneOfEpsg(4512)).toEqual({ width: 6, zone: 23, centralMeridian: 135, prefixed: false });
    expect(gaussKrugerZoneOfEpsg(4554)).toEqual({ width: 3, zone: 45, centralMeridian: 135, prefixed: false });
    expect(gaussKrugerZoneOfEpsg(4490)).toBeUndefined();
  });

  it('defines EPSG:4514 as the tmerc DOMAIN §8 gives for 巴楚县', () => {
    expect(crsFromEpsg(4514).proj4).toBe('+proj=tmerc +lat_0=0 +lon_0=78 +k=1 +x_0=26500000 +y_0=0 +a=6378137 +rf=298.257222101 +units=m +no_defs');
  });

  it('puts the central meridian on the equator at the false easting', () => {
    const [x, y] = fromLonLatFn(crsFromEpsg(4514))(78, 0);
    expect(x).toBeCloseTo(26_500_000, 6);
    expect(y).toBeCloseTo(0, 6);
  });

  it('projects like PROJ 9.1 (PostGIS ST_Transform) to 1e-6 m in 3° and 6° zones', () => {
    // Reference values: SELECT ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4490), epsg) on PostGIS 3.3 / PROJ 9.1.1.
    const cases: [number, Position2, Position2][] = [
      [4514, [78.5, 39.8], [26542821.3334534, 4407442.0897859605]],
      [4491, [76.0, 39.8], [13585643.263087125, 4407800.918785056]],
      [4527, [116.4, 39.9], [39448688.855734415, 4418598.001258592]],
    ];
    for (const [epsg, ll, xy] of cases) {
      const [x, y] = fromLonLatFn(crsFromEpsg(epsg))(ll[0], ll[1]);
      expect(Math.abs(x - xy[0])).toBeLessThan(1e-6);
      expect(Math.abs(y - xy[1])).toBeLessThan(1e-6);
    }
  });

  it('round-trips 巴楚县 through zone 26 to 1e-9 degrees', () => {
    const crs = crsFromEpsg(4514);
    const [x, y] = fromLonLatFn(crs)(78.5, 39.8);
    expect(Math.floor(x / 1_000_000)).toBe(26);
    const [lon, lat] = toLonLatFn(crs)(x, y);
    expect(Math.abs(lon - 78.5)).toBeLessThan(1e-9);
    expect(Math.abs(lat - 39.8)).toBeLessThan(1e-9);
  });

  it('parses --crs values and rejects unknown codes', () => {
    expect(parseCrsOption('EPSG:4514').epsg).toBe(4514);
    expect(parseCrsOption('4490').epsg).toBe(4490);
    expect(() => parseCrsOption('EPSG:2383')).toThrow(CrsError);
    expect(() => parseCrsOption('zone 26')).toThrow(/unrecognised --crs/);
  });
});

describe('CRS from .prj', () => {
  it('reads an ArcGIS Gauss_Kruger zone with prefix as EPSG:4514', () => {
    const d = crsFromPrj(gaussKrugerPrj({ width: 3, zone: 26, centralMeridian: 78, prefixed: true }));
    expect(d.crs.epsg).toBe(4514);
    expect(d.source).toBe('prj');
    expect(d.detail).toBe('PROJCS CGCS2000_3_Degree_GK_Zone_26');
  });

  it('reads a CM_78E zone without prefix as EPSG:4535 and a 6° zone 13 as EPSG:4491', () => {
    expect(crsFromPrj(gaussKrugerPrj({ width: 3, zone: 26, centralMeridian: 78, prefixed: false })).crs.epsg).toBe(4535);
    expect(crsFromPrj(gaussKrugerPrj({ width: 6, zone: 13, centralMeridian: 75, prefixed: true })).crs.epsg).toBe(4491);
  });

  it('reads geographic CGCS2000 and WGS84', () => {
    expect(crsFromPrj('GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]').crs.epsg).toBe(4490);
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]').crs.epsg).toBe(4326);
  });

  it('refuses Xian 1980 with a message about the 7-parameter transformation', () => {
    const prj = 'PROJCS["Xian_1980_3_Degree_GK_Zone_26",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",26500000.0],PARAMETER["Central_Meridian",78.0]]';
    expect(() => crsFromPrj(prj)).toThrow(/7-parameter/);
  });
});

describe('CRS from coordinate magnitudes', () => {
  it('takes degrees within China as CGCS2000', () => {
    expect(crsFromCoordinates([78.4, 39.7, 78.6, 39.9]).crs.epsg).toBe(4490);
  });

  it('reads the 3° zone from the easting prefix', () => {
    const d = crsFromCoordinates([26_540_000, 4_400_000, 26_560_000, 4_420_000]);
    expect(d.crs.epsg).toBe(4514);
    expect(d.source).toBe('coordinates');
  });

  it('reads a 6° zone 13 prefix as EPSG:4491', () => {
    expect(crsFromCoordinates([13_540_000, 4_400_000, 13_560_000, 4_420_000]).crs.epsg).toBe(4491);
  });

  it('stops when eastings carry no zone prefix (central meridian unknown)', () => {
    expect(() => crsFromCoordinates([540_000, 4_400_000, 560_000, 4_420_000])).toThrow(/ambiguous; pass --crs/);
  });

  it('stops when coordinates fit no CRS', () => {
    expect(() => crsFromCoordinates([-500, -500, 12, 13])).toThrow(/fits no supported CRS/);
    expect(() => crsFromCoordinates([26_540_000, 4_400_000, 27_560_000, 4_420_000])).toThrow(CrsError);
  });

  it('recognises swapped axes (northing first)', () => {
    expect(() => crsFromCoordinates([4_400_000, 26_540_000, 4_420_000, 26_560_000])).toThrow(/swapped/);
  });
});
