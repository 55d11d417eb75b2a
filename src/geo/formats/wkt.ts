/**
 * Well-known text for parcel geometries: POLYGON and MULTIPOLYGON (Z/M ordinates dropped,
 * EMPTY → null), optionally prefixed "SRID=4490;" (EWKT, whose SRID is returned).
 */
import type { ParcelGeometry, PolygonCoords, Position } from '../../domain/parcel.js';

export interface ParsedWkt {
  readonly geometry: ParcelGeometry | null;
  readonly srid?: number;
}

export function parseWkt(text: string): ParsedWkt {
  let s = text.trim();
  let srid: number | undefined;
  const e = /^SRID=(\d+);/i.exec(s);
  if (e) {
    srid = Number(e[1]);
    s = s.slice(e[0].length);
  }
  const m = /^(MULTIPOLYGON|POLYGON)\s*(ZM|Z|M)?\s*/i.exec(s);
  if (!m) throw new SyntaxError(`WKT must be POLYGON or MULTIPOLYGON: "${s.slice(0, 30)}"`);
  const kind = m[1]!.toUpperCase();
  const body = s.slice(m[0].length).trim();
  const withSrid = (g: ParcelGeometry | null): ParsedWkt => (srid === undefined ? { geometry: g } : { geometry: g, srid });
  if (/^EMPTY$/i.test(body)) return withSrid(null);
  let i = 0;
  const expect = (c: string) => {
    while (body[i] === ' ' || body[i] === '\n' || body[i] === '\t' || body[i] === '\r') i++;
    if (body[i] !== c) throw new SyntaxError(`WKT: expected "${c}" at ${i} in "${body.slice(Math.max(0, i - 10), i + 10)}"`);
    i++;
  };
  const peek = (): string | undefined => {
    while (body[i] === ' ' || body[i] === '\n' || body[i] === '\t' || body[i] === '\r') i++;
    return body[i];
  };
  const ring = (): Position[] => {
    expect('(');
    const pts: Position[] = [];
    for (;;) {
      const numbers: number[] = [];
      for (;;) {
        peek();
        const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|^NaN|^-?Infinity|^-?inf/i.exec(body.slice(i, i + 40));
        if (!n) break;
        numbers.push(Number(n[0].replace(/^(-?)inf$/i, '$1Infinity')));
        i += n[0].length;
      }
      if (numbers.length < 2) throw new SyntaxError(`WKT: a point needs two coordinates near "${body.slice(i, i + 20)}"`);
      pts.push([numbers[0]!, numbers[1]!]);
      if (peek() === ',') {
        i++;
        continue;
      }
      expect(')');
      return pts;
    }
  };
  const polygon = (): PolygonCoords => {
    expect('(');
    const rings: Position[][] = [ring()];
    while (peek() === ',') {
      i++;
      rings.push(ring());
    }
    expect(')');
    return rings;
  };
  let g: ParcelGeometry;
  if (kind === 'POLYGON') g = { type: 'Polygon', coordinates: polygon() };
  else {
    expect('(');
    const polys = [polygon()];
    while (peek() === ',') {
      i++;
      polys.push(polygon());
    }
    expect(')');
    g = { type: 'MultiPolygon', coordinates: polys };
  }
  if (peek() !== undefined) throw new SyntaxError(`WKT: unexpected text after the geometry: "${body.slice(i, i + 20)}"`);
  return withSrid(g);
}

export function toWkt(g: ParcelGeometry): string {
  const ring = (r: Position[]) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`;
  const poly = (p: PolygonCoords) => `(${p.map(ring).join(', ')})`;
  return g.type === 'Polygon' ? `POLYGON ${poly(g.coordinates)}` : `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})`;
}
