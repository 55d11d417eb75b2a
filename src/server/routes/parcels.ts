/**
 * Parcels as GeoJSON (CGCS2000, EPSG:4490) with filters and paging, one parcel with its
 * findings, and the constraint layers the map draws under them.
 */
import type { ParcelServices } from '../deps.js';
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { parcelById, queryParcels, type ParcelListItem } from '../../services/dashboard-parcels.js';
import { ApiError } from '../errors.js';
import { STAFF } from '../auth/roles.js';
import { inScope, mayRead, readScope } from '../auth/scope.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { findingSchema, geometrySchema, idParam, layerCollectionSchema, parcelCollectionSchema, parcelPropertiesSchema, parcelQuerySchema } from '../schemas.js';
import { findingDto } from './convert.js';


function properties(p: ParcelListItem): z.input<typeof parcelPropertiesSchema> {
  const { geometryJson: _g, ...rest } = p;
  return rest;
}

function geometry(p: ParcelListItem): z.input<typeof geometrySchema> | null {
  return p.geometryJson === null ? null : (JSON.parse(p.geometryJson) as z.input<typeof geometrySchema>);
}

export function parcelRoutes(store: Store, services: ParcelServices): AnyRoute[] {
  const routes: AnyRoute[] = [
    defineRoute({
      method: 'GET',
      url: '/api/parcels',
      tag: 'parcels',
      summary: { zh: '宗地（GeoJSON，CGCS2000）：按片区、用途、状态、关键词、范围筛选', en: 'parcels as GeoJSON (CGCS2000), filtered by district, use, status, text and bbox' },
      access: STAFF,
      query: parcelQuerySchema,
      response: parcelCollectionSchema,
      handler: async ({ query, user }) => {
        const bbox = query.bbox ? (query.bbox.split(',').map(Number) as [number, number, number, number]) : undefined;
        const scope = await readScope(store.db, user);
        const jurisdictions = query.jurisdiction === undefined ? scope : inScope(scope, query.jurisdiction) ? [query.jurisdiction] : [];
        const { total, items } = await queryParcels(
          store.db,
          { jurisdictions, district: query.district, category: query.category, status: query.status, q: query.q, bbox },
          { limit: query.limit, offset: query.offset, geometry: query.geometry === 'true' },
        );
        return { type: 'FeatureCollection' as const, total, features: items.map((p) => ({ type: 'Feature' as const, id: p.id, geometry: geometry(p), properties: properties(p) })) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/parcels/:parcelId',
      tag: 'parcels',
      summary: { zh: '宗地详情与审查意见', en: 'one parcel with its findings' },
      access: STAFF,
      params: z.object({ parcelId: idParam }),
      response: z.object({ parcel: parcelPropertiesSchema, geometry: geometrySchema.nullable(), findings: z.array(findingSchema) }),
      handler: async ({ params, user }) => {
        const p = await parcelById(store.db, params.parcelId);
        // Outside the caller's scope a parcel is as absent as one that does not exist.
        if (!p || !(await mayRead(store.db, user, p.jurisdictionCode))) throw new ApiError('not-found');
        const findings = services.parcelFindings ? await services.parcelFindings(p.id) : [];
        return { parcel: properties(p), geometry: geometry(p), findings: findings.map(findingDto) };
      },
    }),
  ];
  const layers = services.constraintLayers;
  if (layers) {
    routes.push(
      defineRoute({
        method: 'GET',
        url: '/api/layers',
        tag: 'parcels',
        summary: { zh: '管控图层：片区、城镇开发边界、永久基本农田、生态保护红线', en: 'constraint layers: districts, urban boundary, farmland, ecological red line' },
        access: STAFF,
        response: layerCollectionSchema,
        handler: async ({ user }) => {
          const owner = services.constraintLayersJurisdiction;
          // The layers are one jurisdiction's: nothing for a user who may not read it.
          if (owner === undefined || !(await mayRead(store.db, user, owner))) return { type: 'FeatureCollection' as const, features: [] };
          return layers();
        },
      }),
    );
  }
  return routes;
}
