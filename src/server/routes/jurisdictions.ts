import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { listJurisdictions } from '../../services/register.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { jurisdictionSchema } from '../schemas.js';

export function jurisdictionRoutes(store: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/jurisdictions',
      tag: 'jurisdictions',
      summary: { zh: '行政区列表', en: 'jurisdictions' },
      access: 'public',
      response: z.object({ jurisdictions: z.array(jurisdictionSchema) }),
      handler: async () => ({ jurisdictions: await listJurisdictions(store.db) }),
    }),
  ];
}
