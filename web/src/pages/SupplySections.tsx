/**
 * The supply form's optional sections: what the supply rules check once it is given (规划条件,
 * 用地审批, 竞买资格与底价, 成交公示, 出让合同, 价款支付). Each field is named by its path in the
 * rules engine's supply JSON (src/domain/rules/supply-input.ts) under `x`, so the form sends exactly
 * what the clerk entered: `extraSupplyJson` drops what is blank and turns dates into ISO text.
 * Money is exact decimal text in 万元, never a float.
 */
import { Button, Col, Collapse, DatePicker, Form, Input, InputNumber, Radio, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import { useI18n } from '../i18n.js';

/** 万元 with up to 6 decimals (元 precision is 4; a few more for computed figures pasted in). */
const MONEY = /^\d{1,12}(\.\d{1,6})?$/;
const HECTARES = /^\d{1,9}(\.\d{1,8})?$/;

type Bi = { zh: string; en: string };

/** A blank or whitespace string, undefined, null, an empty object or list: not entered. */
function clean(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (dayjs.isDayjs(v)) return v.isValid() ? v.format('YYYY-MM-DD') : undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (Array.isArray(v)) {
    const items = v.map(clean).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, clean(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

/** The sections' values (form field `x`) as supply JSON: only what was entered. */
export function extraSupplyJson(x: unknown): Record<string, unknown> {
  return (clean(x) as Record<string, unknown> | undefined) ?? {};
}

/** Merges the sections' JSON into the main form's, one level deep (prices, dates). */
export function mergeSupplyJson(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? { ...(b as object), ...(v as object) } : v;
  }
  return out;
}

function YesNo({ value, onChange, testId }: { value?: boolean; onChange?: (v: boolean | undefined) => void; testId: string }) {
  const { pick } = useI18n();
  return (
    <Space size={4}>
      <Radio.Group optionType="button" size="small" value={value} onChange={(e) => onChange?.(e.target.value as boolean)} data-testid={testId}>
        <Radio.Button value={true}>{pick({ zh: '是', en: 'yes' })}</Radio.Button>
        <Radio.Button value={false}>{pick({ zh: '否', en: 'no' })}</Radio.Button>
      </Radio.Group>
      {value !== undefined && (
        <Button size="small" type="link" onClick={() => onChange?.(undefined)}>
          {pick({ zh: '未载明', en: 'not stated' })}
        </Button>
      )}
    </Space>
  );
}

export function SupplySections({ isResidential }: { isResidential: boolean }) {
  const { pick } = useI18n();
  const p = (b: Bi): string => pick(b);
  const money = [{ pattern: MONEY, message: p({ zh: '请填写万元金额，如 1200.50', en: 'an amount in 万元, e.g. 1200.50' }) }];
  const text = (name: (string | number)[], label: Bi, testId: string, max = 64, span = 12): ReactNode => (
    <Col span={span}>
      <Form.Item name={['x', ...name]} label={p(label)} rules={[{ max }]}>
        <Input data-testid={testId} />
      </Form.Item>
    </Col>
  );
  const date = (name: (string | number)[], label: Bi, testId: string, span = 12): ReactNode => (
    <Col span={span}>
      <Form.Item name={['x', ...name]} label={p(label)}>
        <DatePicker data-testid={testId} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  const wan = (name: (string | number)[], label: Bi, testId: string): ReactNode => (
    <Col span={12}>
      <Form.Item name={['x', ...name]} label={p(label)} rules={money}>
        <Input data-testid={testId} inputMode="decimal" suffix="万元" />
      </Form.Item>
    </Col>
  );
  const yesNo = (name: (string | number)[], label: Bi, testId: string, span = 12): ReactNode => (
    <Col span={span}>
      <Form.Item name={['x', ...name]} label={p(label)}>
        <YesNo testId={testId} />
      </Form.Item>
    </Col>
  );
  const hint = (b: Bi): ReactNode => (
    <Col span={24}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {p(b)}
      </Typography.Paragraph>
    </Col>
  );
  const approval = (key: 'conversion' | 'expropriation', label: Bi): ReactNode => (
    <>
      {text(['landApprovals', key, 'authority'], { zh: `${label.zh}批准机关`, en: `${label.en}: approving authority` }, `supply-${key}-authority`, 200, 8)}
      {text(['landApprovals', key, 'number'], { zh: '批准文号', en: 'approval number' }, `supply-${key}-number`, 64, 8)}
      {date(['landApprovals', key, 'date'], { zh: '批准日期', en: 'approval date' }, `supply-${key}-date`, 8)}
    </>
  );

  const items = [
    {
      key: 'planning',
      label: p({ zh: '规划条件与供应计划', en: 'Planning conditions and the housing-land plan' }),
      children: (
        <Row gutter={12}>
          {hint({ zh: '出让前须取得规划条件（城乡规划法第三十八条）；住宅用地须在年度住房用地供应计划公布后出让。', en: 'Planning conditions must exist before the grant; residential land only after the housing-land plan is published.' })}
          {text(['planningConditions', 'number'], { zh: '规划条件文号', en: 'planning conditions number' }, 'supply-planning-number')}
          {date(['planningConditions', 'issuedOn'], { zh: '规划条件出具日期', en: 'planning conditions issued on' }, 'supply-planning-issued')}
          {isResidential && date(['dates', 'housingLandPlanPublication'], { zh: '年度住房用地供应计划公布日期', en: 'housing-land plan published on' }, 'supply-housing-plan-published')}
        </Row>
      ),
    },
    {
      key: 'approvals',
      label: p({ zh: '土地来源与用地审批', en: 'Land source and approvals' }),
      children: (
        <Row gutter={12}>
          {hint({ zh: '新增建设用地须先经农用地转用、土地征收批准后供应；存量部分不需要。', en: 'New construction land needs conversion and expropriation approval before supply; existing land does not.' })}
          <Col span={12}>
            <Form.Item name={['x', 'existingLandArea', 'ha']} label={p({ zh: '其中存量建设用地（公顷）', en: 'of which existing construction land (ha)' })} rules={[{ pattern: HECTARES, message: p({ zh: '公顷数，如 0.4', en: 'hectares, e.g. 0.4' }) }]}>
              <Input data-testid="supply-existing-land" inputMode="decimal" />
            </Form.Item>
          </Col>
          {yesNo(['landApprovals', 'alreadyStateOwned'], { zh: '原为国有土地（无需征收）', en: 'already state-owned (no expropriation)' }, 'supply-state-owned')}
          {approval('conversion', { zh: '农用地转用', en: 'Conversion' })}
          {approval('expropriation', { zh: '土地征收', en: 'Expropriation' })}
        </Row>
      ),
    },
    {
      key: 'bidding',
      label: p({ zh: '竞买资格与底价', en: 'Bidders and the reserve price' }),
      children: (
        <Row gutter={12}>
          {hint({ zh: '底价须经集体决策确定并保密；欠缴土地价款或有闲置土地的不得参与竞买。', en: 'The reserve price is fixed collectively and kept secret; bidders owing land price or holding idle land may not bid.' })}
          {yesNo(['reservePriceDecision', 'collective'], { zh: '底价经集体决策确定', en: 'reserve price fixed collectively' }, 'supply-reserve-collective')}
          {text(['reservePriceDecision', 'number'], { zh: '集体决策文件（会议纪要文号）', en: 'decision reference (minutes)' }, 'supply-reserve-decision-number', 200)}
          {yesNo(['reservePriceDecision', 'disclosed'], { zh: '成交前底价曾泄露', en: 'reserve price disclosed before the deal' }, 'supply-reserve-disclosed')}
          {wan(['prices', 'starting'], { zh: '起始价', en: 'starting price' }, 'supply-starting-price')}
          {wan(['prices', 'bidDeposit'], { zh: '竞买保证金', en: 'bid deposit' }, 'supply-bid-deposit')}
          {date(['dates', 'biddingStart'], { zh: '招标拍卖开始日期', en: 'tender / auction start' }, 'supply-bidding-start')}
          <Col span={12}>
            <Form.Item name={['x', 'intendedUsers']} label={p({ zh: '意向用地者数量', en: 'intended users' })}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="supply-intended-users" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Typography.Text strong>{p({ zh: '竞买人', en: 'Bidders' })}</Typography.Text>
            <Form.List name={['x', 'bidders']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Row gutter={8} key={f.key} align="middle" data-testid="supply-bidder">
                      <Col span={8}>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 200, message: p({ zh: '竞买人名称', en: 'bidder name' }) }]}>
                          <Input placeholder={p({ zh: '竞买人名称', en: 'bidder name' })} data-testid="supply-bidder-name" />
                        </Form.Item>
                      </Col>
                      <Col span={7}>
                        <Form.Item name={[f.name, 'landPriceArrears']} label={p({ zh: '欠缴地价', en: 'owes land price' })}>
                          <YesNo testId="supply-bidder-arrears" />
                        </Form.Item>
                      </Col>
                      <Col span={7}>
                        <Form.Item name={[f.name, 'idleLand']} label={p({ zh: '有闲置土地', en: 'holds idle land' })}>
                          <YesNo testId="supply-bidder-idle" />
                        </Form.Item>
                      </Col>
                      <Col span={2}>
                        <Button size="small" type="link" danger onClick={() => remove(f.name)}>
                          {p({ zh: '删除', en: 'remove' })}
                        </Button>
                      </Col>
                    </Row>
                  ))}
                  <Button size="small" onClick={() => add({})} data-testid="supply-bidder-add" style={{ marginTop: 4, marginBottom: 8 }}>
                    {p({ zh: '添加竞买人', en: 'add a bidder' })}
                  </Button>
                </>
              )}
            </Form.List>
          </Col>
        </Row>
      ),
    },
    {
      key: 'deal',
      label: p({ zh: '成交与结果公示', en: 'Deal and publication of the result' }),
      children: (
        <Row gutter={12}>
          {hint({ zh: '成交后须在规定期限内公布结果并签订出让合同。', en: 'After the deal the result is published and the contract signed within set periods.' })}
          {date(['dates', 'deal'], { zh: '成交日期（签订成交确认书）', en: 'deal (confirmation signed)' }, 'supply-deal-date')}
          {date(['dates', 'resultPublication'], { zh: '成交结果公布日期', en: 'result published on' }, 'supply-result-published')}
        </Row>
      ),
    },
    {
      key: 'contract',
      label: p({ zh: '出让合同', en: 'Grant contract' }),
      children: (
        <Row gutter={12}>
          {hint({ zh: '合同签订日期填在上方；此处为示范文本要素与电子监管号。', en: 'The contract date is entered above; here the model-contract fields and the supervision number.' })}
          {text(['contractNumber'], { zh: '合同编号', en: 'contract number' }, 'supply-contract-number')}
          {text(['supervisionNumber'], { zh: '电子监管号', en: 'supervision number' }, 'supply-supervision-number')}
          {text(['assignee'], { zh: '受让人（土地使用权人）', en: 'assignee' }, 'supply-assignee', 200, 24)}
          {date(['dates', 'agreedDelivery'], { zh: '约定交地时间', en: 'agreed delivery' }, 'supply-agreed-delivery', 8)}
          {date(['dates', 'agreedStart'], { zh: '约定开工时间', en: 'agreed start' }, 'supply-agreed-start', 8)}
          {date(['dates', 'agreedCompletion'], { zh: '约定竣工时间', en: 'agreed completion' }, 'supply-agreed-completion', 8)}
        </Row>
      ),
    },
    {
      key: 'payment',
      label: p({ zh: '价款支付', en: 'Payment of the price' }),
      children: (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {p({ zh: '合同约定的分期支付：每期的约定支付日期与金额（万元）。成交价款填在上方。', en: "The contract's instalments: due date and amount (万元) of each. The transaction price is entered above." })}
          </Typography.Paragraph>
          <Form.List name={['x', 'paymentSchedule']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key} align="middle" data-testid="supply-instalment">
                    <Col span={2}>
                      <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                    </Col>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true, message: p({ zh: '约定支付日期', en: 'due date' }) }]}>
                        <DatePicker placeholder={p({ zh: '约定支付日期', en: 'due date' })} style={{ width: '100%' }} data-testid="supply-instalment-date" />
                      </Form.Item>
                    </Col>
                    <Col span={9}>
                      <Form.Item name={[f.name, 'amount']} rules={[{ required: true, message: p({ zh: '金额（万元）', en: 'amount (万元)' }) }, ...money]}>
                        <Input placeholder={p({ zh: '金额', en: 'amount' })} suffix="万元" inputMode="decimal" data-testid="supply-instalment-amount" />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Button size="small" type="link" danger onClick={() => remove(f.name)}>
                        {p({ zh: '删除', en: 'remove' })}
                      </Button>
                    </Col>
                  </Row>
                ))}
                <Button size="small" onClick={() => add({})} data-testid="supply-instalment-add">
                  {p({ zh: '添加一期', en: 'add an instalment' })}
                </Button>
              </>
            )}
          </Form.List>
        </>
      ),
    },
  ];
  // Rendered even when folded, so what was entered in a folded section is still sent.
  return <Collapse size="small" data-testid="supply-sections" items={items.map((i) => ({ ...i, forceRender: true }))} style={{ marginBottom: 16 }} />;
}
