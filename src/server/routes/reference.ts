/** Reference lists the forms need: land-use codes (2023 scheme), supply methods, housing types. */
import { z } from 'zod';
import { housingCategories, landUseCodes, planCategories } from '../../domain/classification/index.js';
import { planCategoryOfUse } from '../../domain/supply.js';
import { supplyMethods } from '../../domain/supply-method.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { referenceSchema, type ReferenceDto } from '../schemas.js';

let cached: ReferenceDto | undefined;
function reference(): ReferenceDto {
  cached ??= {
    useCodes: landUseCodes('lu2023')
      .filter((c) => c.code.length === 4)
      .map((c) => ({ code: c.code, name: c.name, category: planCategoryOfUse('lu2023', c.code, planCategories()) ?? null })),
    methods: supplyMethods().map((m) => ({ code: m.code, zh: m.zh, en: m.en })),
    housingTypes: [...housingCategories('old'), ...housingCategories('new')].map((h) => ({ id: h.id, zh: h.zh, en: h.en })),
  };
  return cached;
}

export function referenceRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reference',
      tag: 'reference',
      summary: { zh: '参考数据：用地分类代码、供地方式、住房类型', en: 'reference data: land-use codes, supply methods, housing types' },
      access: 'public',
      response: referenceSchema,
      handler: async () => reference(),
    }),
  ];
}
