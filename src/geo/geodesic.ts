/**
 * The CGCS2000 ellipsoid as a GeographicLib geodesic (Karney 2013), the official area method
 * (DOMAIN §8). geographiclib-geodesic is CommonJS; this module is its one typed entry point.
 */
import geographiclib from 'geographiclib-geodesic';
import { CGCS2000_A, CGCS2000_F } from './crs.js';

const lib = geographiclib as unknown as typeof import('geographiclib-geodesic');

export const Geodesic = lib.Geodesic;
export const PolygonArea = lib.PolygonArea;
/** Error-free summation (the .d.ts declares a class; the module exports a namespace holding it). */
export const Accumulator = (lib.Accumulator as unknown as { Accumulator: typeof import('geographiclib-geodesic').Accumulator }).Accumulator;

/** The CGCS2000 geodesic (a = 6 378 137 m, f = 1/298.257222101). */
export const CGCS2000_GEODESIC = new lib.Geodesic.Geodesic(CGCS2000_A, CGCS2000_F);

/** Outmask for an edge's contribution to polygon area (S12), as PolygonArea requests it. */
export const AREA_MASK = lib.Geodesic.LATITUDE | lib.Geodesic.LONGITUDE | lib.Geodesic.DISTANCE | lib.Geodesic.AREA | lib.Geodesic.LONG_UNROLL;
