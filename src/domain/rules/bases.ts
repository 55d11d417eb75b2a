/**
 * Documents the rules cite, written once so every citation of a text reads the same. Confidence is
 * given where a rule cites them (rules/*.ts): `confirmed` only when the article's text is quoted in
 * data/rules/quotes.json (test/rules/confidence.test.ts holds every rule to that).
 */
export const CIVIL_CODE = '《中华人民共和国民法典》';
export const LAND_ADMINISTRATION_LAW = '《中华人民共和国土地管理法》（2019年修正）';
export const URBAN_REAL_ESTATE_LAW = '《中华人民共和国城市房地产管理法》';
export const URBAN_RURAL_PLANNING_LAW = '《中华人民共和国城乡规划法》';
export const STATE_COUNCIL_ORDER_55 = '《城镇国有土地使用权出让和转让暂行条例》（国务院令第55号）';
export const ORDER_21 = '《协议出让国有土地使用权规定》（国土资源部令第21号）';
export const ORDER_39 = '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）';
export const ORDER_53 = '《闲置土地处置办法》（国土资源部令第53号）';
export const NOTICE_34 = '《关于加强房地产用地供应和监管有关问题的通知》（国土资发〔2010〕34号）';
export const NOTICE_56 = '《关于调整工业用地出让最低价标准实施政策的通知》（国土资发〔2009〕56号）';
export const NOTICE_236 = '《关于认真贯彻〈国务院关于解决城市低收入家庭住房困难的若干意见〉进一步加强土地供应调控的通知》（国土资发〔2007〕236号）';
export const STANDARD_117 = '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）';
export const FINANCE_74 = '《关于进一步加强土地出让收支管理的通知》（财综〔2009〕74号）';
export const MODEL_CONTRACT = '《国有建设用地使用权出让合同》示范文本（GF-2008-2601）';
export const CADASTRAL_SURVEY = '《地籍调查规程》（TD/T 1001-2012）';
export const INDUSTRIAL_INDICATORS = '《工业项目建设用地控制指标》';
export const PROJECT_CATALOGUES = '《限制用地项目目录》《禁止用地项目目录》';
export const ALLOCATION_CATALOGUE = '《划拨用地目录》';
export const INDUSTRIAL_MINIMUM_PRICE = '《全国工业用地出让最低价标准》';
