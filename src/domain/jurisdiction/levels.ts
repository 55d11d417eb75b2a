/** The three levels of 行政区 that plan land supply: 省级, 地级, 县级. */
export type JurisdictionLevel = 'province' | 'prefecture' | 'county';
export const JURISDICTION_LEVELS: readonly JurisdictionLevel[] = ['province', 'prefecture', 'county'];
