import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PlanDetailDto, ReferenceDto, SupplyCheckDto, SupplyRecordedDto } from '../../../src/server/schemas.js';
import { ApiFailure, get, post } from '../api.js';
import { Findings } from '../components/Findings.js';
import { extraSupplyJson, mergeSupplyJson, SupplySections } from './SupplySections.js';
import { useI18n } from '../i18n.js';
import { hasRole, useSession } from '../session.js';
import { fmtHa, useSelectedPlan } from '../usePlan.js';
import { rolesFor } from '../../../src/domain/access.js';

const CLEAN_LAND = [
  { value: 'titleClear', zh: '土地权利清晰', en: 'title clear' },
  { value: 'compensationSettled', zh: '安置补偿落实到位', en: 'compensation settled' },
  { value: 'noDisputes', zh: '没有法律经济纠纷', en: 'no disputes' },
  { value: 'planningConditionsClear', zh: '规划条件明确', en: 'planning conditions clear' },
  { value: 'readyToStart', zh: '具备动工开发必需的条件', en: 'ready to start' },
] as const;

interface FormValues {
  useCode: string;
  method: string;
  district?: string;
  areaHa: string;
  housingType?: string;
  parcelNumber: string;
  projectName?: string;
  termYears?: number;
  farMin?: string;
  farMax?: string;
  reserve?: string;
  transaction?: string;
  announcement?: Dayjs;
  listingStart?: Dayjs;
  listingEnd?: Dayjs;
  contract: Dayjs;
  cleanLand?: string[];
  /** The optional sections (SupplySections): supply JSON paths as entered. */
  x?: unknown;
}

const d = (v: Dayjs | undefined): string | undefined => v?.format('YYYY-MM-DD');

/** The form as the rules engine's supply JSON (src/domain/rules/supply-input.ts). */
function supplyJson(v: FormValues): Record<string, unknown> {
  const dates = Object.fromEntries(
    Object.entries({ announcement: d(v.announcement), listingStart: d(v.listingStart), listingEnd: d(v.listingEnd), contract: d(v.contract) }).filter(([, x]) => x !== undefined),
  );
  const prices = Object.fromEntries(Object.entries({ reserve: v.reserve, transaction: v.transaction }).filter(([, x]) => x !== undefined && x !== ''));
  const far = Object.fromEntries(Object.entries({ min: v.farMin, max: v.farMax }).filter(([, x]) => x !== undefined && x !== ''));
  return mergeSupplyJson({
    id: v.parcelNumber.trim(),
    parcelNumber: v.parcelNumber.trim(),
    ...(v.projectName ? { projectName: v.projectName } : {}),
    ...(v.district ? { district: v.district } : {}),
    area: { ha: v.areaHa.trim() },
    useCode: v.useCode,
    useScheme: 'lu2023',
    ...(v.housingType ? { housingType: v.housingType } : {}),
    method: v.method,
    ...(v.termYears ? { termYears: v.termYears } : {}),
    ...(Object.keys(far).length ? { far } : {}),
    ...(Object.keys(prices).length ? { prices } : {}),
    cleanLand: Object.fromEntries(CLEAN_LAND.map((c) => [c.value, (v.cleanLand ?? []).includes(c.value)])),
    dates,
  }, extraSupplyJson(v.x));
}

export default function SupplyPage() {
  const { t, lang, pick } = useI18n();
  const { user } = useSession();
  // A write acts on the plan the user chose (URL ?plan=, carried from page to page), never a default.
  const { plans, chosenPlanId, setPlanId } = useSelectedPlan();
  const [plan, setPlan] = useState<PlanDetailDto | null>(null);
  const [ref, setRef] = useState<ReferenceDto | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [checked, setChecked] = useState<{ body: unknown; result: SupplyCheckDto } | null>(null);
  const [recorded, setRecorded] = useState<SupplyRecordedDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = hasRole(user, rolesFor('supply.record'));
  // An approver (or admin) may record a supply the rules refuse, with a reason; binding caps still hold.
  const canOverride = hasRole(user, rolesFor('supply.override'));
  const [reason, setReason] = useState('');
  const useCode = Form.useWatch('useCode', form);
  useEffect(() => {
    setPlan(null);
    setChecked(null);
    if (chosenPlanId !== null) get<PlanDetailDto>(`/api/plans/${chosenPlanId}`).then(setPlan, (e: unknown) => setError(String(e)));
  }, [chosenPlanId]);
  useEffect(() => {
    get<ReferenceDto>('/api/reference').then(setRef, (e: unknown) => setError(String(e)));
  }, []);
  const planCategories = useMemo(() => new Set(plan?.categories.map((c) => c.category) ?? []), [plan]);
  const useOptions = useMemo(
    () =>
      (ref?.useCodes ?? [])
        .filter((u) => u.category !== null)
        .map((u) => ({ value: u.code, label: `${u.code} ${u.name}`, inPlan: planCategories.has(u.category ?? '') }))
        .sort((a, b) => Number(b.inPlan) - Number(a.inPlan) || a.value.localeCompare(b.value)),
    [ref, planCategories],
  );
  const isResidential = useCode !== undefined && ref?.useCodes.find((u) => u.code === useCode)?.category === 'residential';
  const planPicker = (
    <Select
      data-testid="supply-plan"
      placeholder={lang === 'en' ? 'Choose the plan to record against' : '请选择登记所依据的供应计划'}
      value={chosenPlanId ?? undefined}
      onChange={(id: number) => setPlanId(id)}
      options={(plans ?? []).map((p) => ({ value: p.id, label: p.name }))}
      style={{ minWidth: 320 }}
    />
  );
  if (plans && chosenPlanId === null) {
    return (
      <Card title={t('supply')} size="small">
        <Space direction="vertical">
          <Typography.Text>{lang === 'en' ? 'Which plan is the supply recorded against?' : '本次供地依据哪一个年度供应计划登记？'}</Typography.Text>
          {planPicker}
        </Space>
      </Card>
    );
  }
  if (!plan || !ref) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;

  const fail = (e: unknown): void => setError(e instanceof ApiFailure ? [e.message, ...e.details.map((x) => `${x.path}: ${x.message}`)].join('；') : String(e));
  const check = async (v: FormValues): Promise<void> => {
    setBusy(true);
    setError(null);
    setRecorded(null);
    try {
      // The version shown is the version named: the server records only if it is still in force.
      const body = { planId: plan.plan.id, planVersionId: plan.version.id, supply: supplyJson(v) };
      setChecked({ body, result: await post<SupplyCheckDto>('/api/supply/check', body) });
    } catch (e) {
      setChecked(null);
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const record = async (): Promise<void> => {
    if (!checked) return;
    setBusy(true);
    setError(null);
    try {
      setRecorded(await post<SupplyRecordedDto>('/api/supply', checked.body));
      setChecked(null);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const override = async (): Promise<void> => {
    if (!checked) return;
    setBusy(true);
    setError(null);
    try {
      setRecorded(await post<SupplyRecordedDto>('/api/supply/override', { ...(checked.body as object), reason }));
      setChecked(null);
      setReason('');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const impact = checked?.result.impact ?? recorded?.impact ?? [];
  const shown = checked?.result ?? recorded;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={11}>
        <Card title={t('supply')} size="small" extra={planPicker}>
          <Form form={form} layout="vertical" size="middle" onFinish={(v) => void check(v)} onValuesChange={() => setChecked(null)} initialValues={{ termYears: 70, cleanLand: [] }}>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="parcelNumber" label={t('parcelNumber')} rules={[{ required: true, max: 64 }]}>
                  <Input data-testid="supply-parcel-number" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="projectName" label={t('projectName')} rules={[{ max: 200 }]}>
                  <Input data-testid="supply-project" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="useCode" label={`${t('use')}${t('useScheme')}`} rules={[{ required: true }]}>
                  <Select data-testid="supply-use" showSearch optionFilterProp="label" options={useOptions} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="method" label={t('method')} rules={[{ required: true }]}>
                  <Select data-testid="supply-method" options={ref.methods.map((m) => ({ value: m.code, label: `${m.code} ${lang === 'en' ? m.en : m.zh}` }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="district" label={t('district')}>
                  <Select data-testid="supply-district" allowClear options={plan.districts.map((x) => ({ value: x.id, label: x.name }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="areaHa" label={t('area')} rules={[{ required: true, pattern: /^\d+(\.\d{1,8})?$/ }]}>
                  <Input data-testid="supply-area" inputMode="decimal" />
                </Form.Item>
              </Col>
              {isResidential && (
                <Col span={12}>
                  <Form.Item name="housingType" label={t('housingType')}>
                    <Select allowClear options={ref.housingTypes.map((h) => ({ value: h.id, label: lang === 'en' ? h.en : h.zh }))} />
                  </Form.Item>
                </Col>
              )}
              <Col span={12}>
                <Form.Item name="termYears" label={t('termYears')}>
                  <InputNumber min={1} max={70} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="farMin" label={t('farMin')} rules={[{ pattern: /^\d+(\.\d+)?$/ }]}>
                  <Input data-testid="supply-far-min" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="farMax" label={t('farMax')} rules={[{ pattern: /^\d+(\.\d+)?$/ }]}>
                  <Input data-testid="supply-far-max" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="reserve" label={t('reservePrice')} rules={[{ pattern: /^\d+(\.\d+)?$/ }]}>
                  <Input data-testid="supply-reserve" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="transaction" label={t('transactionPrice')} rules={[{ pattern: /^\d+(\.\d+)?$/ }]}>
                  <Input data-testid="supply-transaction" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="announcement" label={t('announcementDate')}>
                  <DatePicker data-testid="supply-announcement" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="contract" label={t('contractDate')} rules={[{ required: true }]}>
                  <DatePicker data-testid="supply-contract" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="listingStart" label={t('listingStart')}>
                  <DatePicker data-testid="supply-listing-start" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="listingEnd" label={t('listingEnd')}>
                  <DatePicker data-testid="supply-listing-end" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="cleanLand" label={t('cleanLand')}>
              <Checkbox.Group data-testid="supply-clean-land" options={CLEAN_LAND.map((c) => ({ value: c.value, label: c[lang] }))} />
            </Form.Item>
            <SupplySections isResidential={isResidential} />
            <Divider style={{ margin: '8px 0 16px' }} />
            <Space>
              <Button htmlType="submit" type="primary" loading={busy} data-testid="supply-check">
                {t('check')}
              </Button>
              <Button onClick={() => void record()} disabled={!checked || !checked.result.allowed || !canWrite} loading={busy} data-testid="supply-record">
                {t('record')}
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {error && <Alert type="error" showIcon title={error} data-testid="supply-error" />}
          {recorded && <Alert type="success" showIcon title={lang === 'en' ? `${t('recorded')}: ledger record #${recorded.recordIds.join(', #')}, parcel #${recorded.parcelId}` : `${t('recorded')}：台账记录 #${recorded.recordIds.join(', #')}，宗地 #${recorded.parcelId}${recorded.overridden?.length ? `（越规登记：${recorded.overridden.join('、')}）` : ''}`} data-testid="supply-recorded" />}
          {checked && (
            <Alert
              type={checked.result.allowed ? 'success' : 'error'}
              showIcon
              data-testid="supply-verdict"
              title={checked.result.allowed ? (lang === 'en' ? 'The check allows recording this supply' : '预审通过，可以登记') : lang === 'en' ? 'This supply may not be recorded' : '预审未通过，不能登记'}
            />
          )}
          {checked && !checked.result.allowed && canOverride && (
            <Card size="small" title={lang === 'en' ? 'Record despite the findings (approver)' : '越规登记（须审批人说明理由）'} data-testid="supply-override">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {lang === 'en'
                    ? 'The reason and your name are written with the ledger record. Binding plan indicators are never exceeded.'
                    : '理由与审批人将随台账记录留痕；计划约束性指标仍不得突破。'}
                </Typography.Text>
                <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} placeholder={lang === 'en' ? 'reason and approving document' : '理由及批准文件（如县政府会议纪要文号）'} data-testid="supply-override-reason" />
                <Button danger onClick={() => void override()} disabled={reason.trim().length < 4} loading={busy} data-testid="supply-override-record">
                  {lang === 'en' ? 'Record with override' : '越规登记'}
                </Button>
              </Space>
            </Card>
          )}
          {shown && (
            <Card size="small" title={t('findings')}>
              <Findings findings={shown.findings} testId="supply-findings" />
            </Card>
          )}
          {impact.length > 0 && (
            <Card size="small" title={t('quotaImpact')}>
              <Table
                data-testid="supply-impact"
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={impact}
                columns={[
                  { title: '', key: 'l', render: (_v, r) => r.label },
                  { title: t('kind'), key: 'k', render: (_v, r) => <Tag color={r.kind === 'binding' ? 'red' : 'default'}>{t(r.kind)}</Tag> },
                  { title: t('cap'), key: 'c', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.capHa) },
                  { title: t('supplied'), key: 'd', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.debitedHa, 4) },
                  {
                    title: t('after'),
                    key: 'a',
                    align: 'right',
                    className: 'lp-num',
                    render: (_v, r) => (
                      <Typography.Text type={r.exceeds ? 'danger' : undefined}>
                        {fmtHa(r.afterHa, 4)} {r.exceeds && <Tag color="red">{t('exceeds')}</Tag>}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Card>
          )}
          {!shown && !error && <Typography.Text type="secondary">{pick({ zh: '填写供地方案后点击“预审”：规则审查意见与对计划指标的影响将显示在这里。', en: 'Fill in the supply and press Check: findings and the quota impact appear here.' })}</Typography.Text>}
        </Space>
      </Col>
    </Row>
  );
}
